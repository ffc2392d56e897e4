package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Rearranges {@code (*, C r^2, H, W)} into {@code (*, C, H r, W r)}, as
 * {@code torch.nn.PixelShuffle(r)}: {@code y[c, h r + i, w r + j] = x[c r^2 + i r + j, h, w]}.
 * No parameters. Used after a convolution for sub-pixel upsampling.
 */
@ShapeContract(args = {"upscaleFactor"}, input = "*, C, H, W",
    output = "*, C/(upscaleFactor*upscaleFactor), H*upscaleFactor, W*upscaleFactor",
    requires = {"C % (upscaleFactor*upscaleFactor) == 0: pixel_shuffle expects its input's"
        + " 'channel' dimension to be divisible by the square of upscale_factor"})
public final class PixelShuffle extends UnaryModule {
  private final int r;

  public PixelShuffle(int upscaleFactor) {
    if (upscaleFactor < 1) {
      throw new IllegalArgumentException("upscale_factor must be at least 1, got " + upscaleFactor);
    }
    this.r = upscaleFactor;
  }

  @Override
  public int[] outputShape(int[] in) {
    if (in.length < 3) {
      throw new IllegalArgumentException(this + " expects input (*, C, H, W) but got "
          + Shapes.toString(in));
    }
    int c = in[in.length - 3];
    if (c % (r * r) != 0) {
      throw new IllegalArgumentException(this + ": pixel_shuffle expects its input's 'channel'"
          + " dimension to be divisible by the square of upscale_factor, but input "
          + Shapes.toString(in) + " has " + c + " channels, not divisible by " + r * r);
    }
    int[] out = in.clone();
    out[in.length - 3] = c / (r * r);
    out[in.length - 2] = in[in.length - 2] * r;
    out[in.length - 1] = in[in.length - 1] * r;
    return out;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().pixelShuffle(x, r, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      x.device().kernels().pixelShuffleBackward(dy, r, dx);
    }
  }

  @Override
  protected String extraRepr() {
    return "upscale_factor=" + r;
  }
}
