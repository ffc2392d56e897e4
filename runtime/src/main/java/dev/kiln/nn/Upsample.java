package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Upsampling by an integer {@code scaleFactor}, as {@code torch.nn.Upsample(scale_factor=s,
 * mode=...)}: {@code "nearest"} (default) repeats each pixel, {@code "bilinear"} interpolates
 * with PyTorch's source-index rule ({@code alignCorners} false by default). Input
 * {@code (N, C, H, W)}, output {@code (N, C, H s0, W s1)}. No parameters. Written with options,
 * as PyTorch's keywords: {@code new Upsample().scaleFactor(2).mode("bilinear")}. ({@code size}
 * and other modes are not supported.)
 */
@ShapeContract(args = {"scaleFactor[2]"}, input = "N, C, H, W",
    output = "N, C, H*scaleFactor0, W*scaleFactor1")
public final class Upsample extends UnaryModule {
  private int[] scaleFactor;
  private boolean tuple;
  private String mode = "nearest";
  private boolean bilinear;
  private Boolean alignCorners;

  /** Set {@link #scaleFactor} before use. */
  public Upsample() {}

  /** The integer factor of both H and W. */
  public Upsample scaleFactor(int s) {
    return scaleFactor(Sizes2d.both(s), false);
  }

  public Upsample scaleFactor(int sh, int sw) {
    return scaleFactor(new int[] {sh, sw}, true);
  }

  private Upsample scaleFactor(int[] s, boolean tuple) {
    this.scaleFactor = Sizes2d.atLeast("scale_factor", s, 1);
    this.tuple = tuple;
    return this;
  }

  /** {@code "nearest"} (default) or {@code "bilinear"}. */
  public Upsample mode(String mode) {
    if (!"nearest".equals(mode) && !"bilinear".equals(mode)) {
      throw new IllegalArgumentException("Upsample mode must be \"nearest\" or \"bilinear\", got \""
          + mode + "\"");
    }
    this.mode = mode;
    this.bilinear = mode.equals("bilinear");
    return this;
  }

  /** Bilinear only: input and output corner pixels aligned (default false). */
  public Upsample alignCorners(boolean align) {
    this.alignCorners = align;
    return this;
  }

  @Override
  public int[] outputShape(int[] in) {
    if (scaleFactor == null) {
      throw new IllegalArgumentException("Upsample needs a scale factor: scaleFactor(s)");
    }
    if (alignCorners != null && !bilinear) {
      throw new IllegalArgumentException("align_corners option can only be set with the "
          + "interpolating modes: bilinear");
    }
    if (in.length != 4) {
      throw new IllegalArgumentException(this + " expects input (N, C, H, W) but got "
          + Shapes.toString(in));
    }
    return new int[] {in[0], in[1], in[2] * scaleFactor[0], in[3] * scaleFactor[1]};
  }

  private boolean aligned() {
    return alignCorners != null && alignCorners;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    if (bilinear) {
      x.device().kernels().upsampleBilinear2d(x, aligned(), y);
    } else {
      x.device().kernels().upsampleNearest2d(x, y);
    }
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx == null) {
      return;
    }
    if (bilinear) {
      x.device().kernels().upsampleBilinear2dBackward(dy, aligned(), dx);
    } else {
      x.device().kernels().upsampleNearest2dBackward(dy, dx);
    }
  }

  @Override
  protected String extraRepr() {
    String s = scaleFactor == null ? "None" : tuple
        ? "(" + scaleFactor[0] + ".0, " + scaleFactor[1] + ".0)" : scaleFactor[0] + ".0";
    return "scale_factor=" + s + ", mode=" + mode;
  }
}
