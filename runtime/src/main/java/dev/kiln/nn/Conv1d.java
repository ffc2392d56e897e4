package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * A 1-d convolution, as {@code torch.nn.Conv1d}: {@link Conv2d}'s formula over one spatial
 * dimension.
 *
 * <p>Shape: input {@code (N, C_in, L)} or unbatched {@code (C_in, L)}; output {@code (N, C_out,
 * L_out)}, {@code L_out = (L + 2 padding - dilation (kernel_size - 1) - 1) / stride + 1}
 * (floor); {@code L_out = L} with {@code "same"}.
 *
 * <p>Parameters: {@code weight (C_out, C_in/groups, kernel_size)} and {@code bias (C_out)},
 * both {@code U(-1/sqrt(k), 1/sqrt(k))} with {@code k = C_in/groups * kernel_size}.
 *
 * <pre>{@code new Conv1d(16, 33, 3).stride(2)
 * // Conv1d(16, 33, kernel_size=(3,), stride=(2,))}</pre>
 */
@ShapeContract(when = "padding=same",
    args = {"inChannels", "outChannels", "kernelSize", "stride=1", "padding=0", "dilation=1",
        "groups=1"},
    input = "*, inChannels, L", output = "*, outChannels, L",
    requires = {"inChannels % groups == 0: in_channels must be divisible by groups",
        "outChannels % groups == 0: out_channels must be divisible by groups"})
@ShapeContract(when = "padding=valid",
    args = {"inChannels", "outChannels", "kernelSize", "stride=1", "padding=0", "dilation=1",
        "groups=1"},
    input = "*, inChannels, L",
    output = "*, outChannels, (L - dilation*(kernelSize - 1) - 1)/stride + 1",
    requires = {"inChannels % groups == 0: in_channels must be divisible by groups",
        "outChannels % groups == 0: out_channels must be divisible by groups"})
@ShapeContract(
    args = {"inChannels", "outChannels", "kernelSize", "stride=1", "padding=0", "dilation=1",
        "groups=1"},
    input = "*, inChannels, L",
    output = "*, outChannels, (L + 2*padding - dilation*(kernelSize - 1) - 1)/stride + 1",
    requires = {"inChannels % groups == 0: in_channels must be divisible by groups",
        "outChannels % groups == 0: out_channels must be divisible by groups"})
public final class Conv1d extends ConvNd {
  public Conv1d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0);
  }

  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
  }

  /** PyTorch's full positional order (without {@code padding_mode}, which is always zeros). */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding,
      int dilation, int groups, boolean bias) {
    super(1, false, inChannels, outChannels, 1, kernelSize);
    stride(stride).padding(padding).dilation(dilation);
    if (groups != 1) {
      groups(groups);
    }
    if (!bias) {
      bias(false);
    }
  }

  /** {@code padding} is {@code "same"} (stride 1 only) or {@code "valid"} (no padding). */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding) {
    this(inChannels, outChannels, kernelSize, stride, 0);
    padding(padding);
  }

  public Conv1d kernelSize(int kernelSize) {
    setPair(kernel, "kernel_size", kernelSize, kernelSize, 1);
    return this;
  }

  public Conv1d stride(int stride) {
    setPair(this.stride, "stride", stride, stride, 1);
    return this;
  }

  public Conv1d padding(int padding) {
    setPair(this.padding, "padding", padding, padding, 0);
    return this;
  }

  /** {@code "same"} (output length = input length; stride must be 1) or {@code "valid"}. */
  public Conv1d padding(String padding) {
    setPadding(padding);
    return this;
  }

  public Conv1d dilation(int dilation) {
    setPair(this.dilation, "dilation", dilation, dilation, 1);
    return this;
  }

  public Conv1d groups(int groups) {
    setGroups(groups);
    return this;
  }

  public Conv1d bias(boolean bias) {
    setBias(bias);
    return this;
  }
}
