package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * A 2-d convolution, as {@code torch.nn.Conv2d}: {@code y[n, o] = bias[o] + sum over the
 * in/groups channels c of o's group of weight[o, c] * x[n, c]} (cross-correlation), with
 * stride, zero padding (or {@code "same"}/{@code "valid"}), dilation and groups.
 *
 * <p>Shape: input {@code (N, C_in, H, W)} or unbatched {@code (C_in, H, W)}; output {@code (N,
 * C_out, H_out, W_out)} with {@code H_out = (H + 2 padding[0] - dilation[0] (kernel_size[0] - 1)
 * - 1) / stride[0] + 1} (floor), likewise {@code W_out}; {@code H_out = H} with {@code "same"}.
 *
 * <p>Parameters: {@code weight (C_out, C_in/groups, kH, kW)} and {@code bias (C_out)}, both
 * {@code U(-1/sqrt(k), 1/sqrt(k))} with {@code k = C_in/groups * kH * kW}.
 *
 * <pre>{@code new Conv2d(1, 32, 3).padding(1)
 * // Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
 * new Conv2d(32, 64, 3, 2, 1).bias(false)}</pre>
 */
@ShapeContract(when = "padding=same",
    args = {"inChannels", "outChannels", "kernelSize[2]", "stride[2]=1", "padding[2]=0",
        "dilation[2]=1", "groups=1"},
    input = "*, inChannels, H, W", output = "*, outChannels, H, W",
    requires = {"inChannels % groups == 0: in_channels must be divisible by groups",
        "outChannels % groups == 0: out_channels must be divisible by groups"})
@ShapeContract(when = "padding=valid",
    args = {"inChannels", "outChannels", "kernelSize[2]", "stride[2]=1", "padding[2]=0",
        "dilation[2]=1", "groups=1"},
    input = "*, inChannels, H, W",
    output = "*, outChannels, (H - dilation0*(kernelSize0 - 1) - 1)/stride0 + 1,"
        + " (W - dilation1*(kernelSize1 - 1) - 1)/stride1 + 1",
    requires = {"inChannels % groups == 0: in_channels must be divisible by groups",
        "outChannels % groups == 0: out_channels must be divisible by groups"})
@ShapeContract(
    args = {"inChannels", "outChannels", "kernelSize[2]", "stride[2]=1", "padding[2]=0",
        "dilation[2]=1", "groups=1"},
    input = "*, inChannels, H, W",
    output = "*, outChannels, (H + 2*padding0 - dilation0*(kernelSize0 - 1) - 1)/stride0 + 1,"
        + " (W + 2*padding1 - dilation1*(kernelSize1 - 1) - 1)/stride1 + 1",
    requires = {"inChannels % groups == 0: in_channels must be divisible by groups",
        "outChannels % groups == 0: out_channels must be divisible by groups"})
public final class Conv2d extends ConvNd {
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0);
  }

  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
  }

  /** PyTorch's full positional order (without {@code padding_mode}, which is always zeros). */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding,
      int dilation, int groups, boolean bias) {
    super(2, false, inChannels, outChannels, kernelSize, kernelSize);
    stride(stride).padding(padding).dilation(dilation);
    if (groups != 1) {
      groups(groups);
    }
    if (!bias) {
      bias(false);
    }
  }

  /** {@code padding} is {@code "same"} (stride 1 only) or {@code "valid"} (no padding). */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, String padding) {
    this(inChannels, outChannels, kernelSize, stride, 0);
    padding(padding);
  }

  public Conv2d(int inChannels, int outChannels, int[] kernelSize) {
    this(inChannels, outChannels, 1);
    kernelSize(kernelSize);
  }

  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding) {
    this(inChannels, outChannels, kernelSize);
    stride(stride).padding(padding);
  }

  public Conv2d kernelSize(int kernelSize) {
    return kernelSize(kernelSize, kernelSize);
  }

  public Conv2d kernelSize(int kh, int kw) {
    setPair(kernel, "kernel_size", kh, kw, 1);
    return this;
  }

  public Conv2d kernelSize(int[] kernelSize) {
    setPair(kernel, "kernel_size", kernelSize, 1);
    return this;
  }

  public Conv2d stride(int stride) {
    return stride(stride, stride);
  }

  public Conv2d stride(int sh, int sw) {
    setPair(stride, "stride", sh, sw, 1);
    return this;
  }

  public Conv2d stride(int[] stride) {
    setPair(this.stride, "stride", stride, 1);
    return this;
  }

  public Conv2d padding(int padding) {
    return padding(padding, padding);
  }

  public Conv2d padding(int ph, int pw) {
    setPair(padding, "padding", ph, pw, 0);
    return this;
  }

  public Conv2d padding(int[] padding) {
    setPair(this.padding, "padding", padding, 0);
    return this;
  }

  /** {@code "same"} (output size = input size; stride must be 1) or {@code "valid"} (0). */
  public Conv2d padding(String padding) {
    setPadding(padding);
    return this;
  }

  public Conv2d dilation(int dilation) {
    return dilation(dilation, dilation);
  }

  public Conv2d dilation(int dh, int dw) {
    setPair(dilation, "dilation", dh, dw, 1);
    return this;
  }

  public Conv2d dilation(int[] dilation) {
    setPair(this.dilation, "dilation", dilation, 1);
    return this;
  }

  /** Splits the channels into {@code groups} groups; both channel counts must divide. */
  public Conv2d groups(int groups) {
    setGroups(groups);
    return this;
  }

  /** {@code bias(false)} drops the bias parameter. */
  public Conv2d bias(boolean bias) {
    setBias(bias);
    return this;
  }
}
