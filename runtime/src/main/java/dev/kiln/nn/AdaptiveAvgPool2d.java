package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Tensor;

/**
 * 2-D adaptive average pooling, as {@code torch.nn.AdaptiveAvgPool2d}: output cell {@code (i, j)}
 * of an {@code outputSize} grid averages input rows {@code floor(i H / H')} to
 * {@code ceil((i + 1) H / H') - 1} and likewise columns, so any input size maps to the same
 * output. Input {@code (N, C, H, W)} or {@code (C, H, W)}, output {@code (N, C, H', W')}. No
 * parameters. {@code new AdaptiveAvgPool2d(1)} is global average pooling.
 */
@ShapeContract(args = {"outputSize[2]"}, input = "*, C, H, W",
    output = "*, C, outputSize0, outputSize1")
public final class AdaptiveAvgPool2d extends UnaryModule {
  private final int[] outputSize;
  private final boolean tuple;

  public AdaptiveAvgPool2d(int outputSize) {
    this(Sizes2d.both(outputSize), false);
  }

  /** An {@code (H', W')} output. */
  public AdaptiveAvgPool2d(int[] outputSize) {
    this(Sizes2d.pair("output_size", outputSize), true);
  }

  private AdaptiveAvgPool2d(int[] outputSize, boolean tuple) {
    this.outputSize = Sizes2d.atLeast("output_size", outputSize, 1);
    this.tuple = tuple;
  }

  @Override
  public int[] outputShape(int[] in) {
    Sizes2d.requireRank34(this, in);
    int[] out = in.clone();
    out[in.length - 2] = outputSize[0];
    out[in.length - 1] = outputSize[1];
    if (in[in.length - 2] < 1 || in[in.length - 1] < 1) {
      throw new IllegalArgumentException(this + " expects non-empty H and W but got "
          + dev.kiln.tensor.Shapes.toString(in));
    }
    return out;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().adaptiveAvgPool2d(x, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      x.device().kernels().adaptiveAvgPool2dBackward(dy, dx);
    }
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + Sizes2d.repr(outputSize, tuple);
  }
}
