package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * A 2-d transposed convolution, as {@code torch.nn.ConvTranspose2d}: the gradient of {@link
 * Conv2d} with respect to its input (each input element scatters {@code weight[c]} times itself
 * into the output), plus {@code bias}.
 *
 * <p>Shape: input {@code (N, C_in, H, W)} or unbatched {@code (C_in, H, W)}; output {@code (N,
 * C_out, H_out, W_out)}, {@code H_out = (H - 1) stride[0] - 2 padding[0] + dilation[0]
 * (kernel_size[0] - 1) + output_padding[0] + 1}, likewise {@code W_out}.
 *
 * <p>Parameters: {@code weight (C_in, C_out/groups, kH, kW)} and {@code bias (C_out)}, both
 * {@code U(-1/sqrt(k), 1/sqrt(k))} with {@code k = C_out/groups * kH * kW} (PyTorch's fan-in of
 * this weight layout).
 *
 * <pre>{@code new ConvTranspose2d(16, 8, 3).stride(2).padding(1).outputPadding(1) // 2H, 2W}</pre>
 *
 * <p>PyTorch's positional order puts {@code bias} before {@code dilation}; dilation is only a
 * fluent option here. "Output padding below stride or dilation" (a maximum) is checked when the
 * layer is called, not in the contract.
 */
@ShapeContract(
    args = {"inChannels", "outChannels", "kernelSize[2]", "stride[2]=1", "padding[2]=0",
        "outputPadding[2]=0", "groups=1", "dilation[2]=1"},
    input = "*, inChannels, H, W",
    output = "*, outChannels,"
        + " (H - 1)*stride0 - 2*padding0 + dilation0*(kernelSize0 - 1) + outputPadding0 + 1,"
        + " (W - 1)*stride1 - 2*padding1 + dilation1*(kernelSize1 - 1) + outputPadding1 + 1",
    requires = {"inChannels % groups == 0: in_channels must be divisible by groups",
        "outChannels % groups == 0: out_channels must be divisible by groups"})
public final class ConvTranspose2d extends ConvNd {
  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0);
  }

  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride,
      int padding) {
    this(inChannels, outChannels, kernelSize, stride, padding, 0);
  }

  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride,
      int padding, int outputPadding) {
    this(inChannels, outChannels, kernelSize, stride, padding, outputPadding, 1, true);
  }

  /** PyTorch's positional order up to {@code bias}. */
  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride,
      int padding, int outputPadding, int groups, boolean bias) {
    super(2, true, inChannels, outChannels, kernelSize, kernelSize);
    stride(stride).padding(padding).outputPadding(outputPadding);
    if (groups != 1) {
      groups(groups);
    }
    if (!bias) {
      bias(false);
    }
  }

  public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize) {
    this(inChannels, outChannels, 1);
    kernelSize(kernelSize);
  }

  public ConvTranspose2d kernelSize(int kernelSize) {
    return kernelSize(kernelSize, kernelSize);
  }

  public ConvTranspose2d kernelSize(int kh, int kw) {
    setPair(kernel, "kernel_size", kh, kw, 1);
    return this;
  }

  public ConvTranspose2d kernelSize(int[] kernelSize) {
    setPair(kernel, "kernel_size", kernelSize, 1);
    return this;
  }

  public ConvTranspose2d stride(int stride) {
    return stride(stride, stride);
  }

  public ConvTranspose2d stride(int sh, int sw) {
    setPair(this.stride, "stride", sh, sw, 1);
    return this;
  }

  public ConvTranspose2d padding(int padding) {
    return padding(padding, padding);
  }

  public ConvTranspose2d padding(int ph, int pw) {
    setPair(this.padding, "padding", ph, pw, 0);
    return this;
  }

  /** Extra size added to one side of the output; each must be below stride or dilation. */
  public ConvTranspose2d outputPadding(int outputPadding) {
    return outputPadding(outputPadding, outputPadding);
  }

  public ConvTranspose2d outputPadding(int oh, int ow) {
    setPair(this.outputPadding, "output_padding", oh, ow, 0);
    return this;
  }

  public ConvTranspose2d dilation(int dilation) {
    return dilation(dilation, dilation);
  }

  public ConvTranspose2d dilation(int dh, int dw) {
    setPair(this.dilation, "dilation", dh, dw, 1);
    return this;
  }

  public ConvTranspose2d groups(int groups) {
    setGroups(groups);
    return this;
  }

  public ConvTranspose2d bias(boolean bias) {
    setBias(bias);
    return this;
  }
}
