package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Pads the last two dimensions with zeros, as {@code torch.nn.ZeroPad2d}: {@code padding} is one
 * int for all four sides or {@code (left, right, top, bottom)}; negative values crop. Input
 * {@code (*, H, W)}, output {@code (*, H + top + bottom, W + left + right)}. No parameters.
 */
@ShapeContract(args = {"padding[4]"}, input = "*, H, W",
    output = "*, H + padding2 + padding3, W + padding0 + padding1")
public final class ZeroPad2d extends UnaryModule {
  private final int[] padding;

  /** The same padding on all four sides. */
  public ZeroPad2d(int padding) {
    this.padding = new int[] {padding, padding, padding, padding};
  }

  /** {@code (left, right, top, bottom)}, as PyTorch's 4-tuple. */
  public ZeroPad2d(int[] padding) {
    this.padding = check(padding).clone();
  }

  private static int[] check(int[] padding) {
    if (padding == null || padding.length != 4) {
      throw new IllegalArgumentException("padding must be one int or (left, right, top, bottom),"
          + " got " + (padding == null ? "null" : java.util.Arrays.toString(padding)));
    }
    return padding;
  }

  @Override
  public int[] outputShape(int[] in) {
    if (in.length < 2) {
      throw new IllegalArgumentException(this + " expects input (*, H, W) but got "
          + Shapes.toString(in));
    }
    int[] out = in.clone();
    out[in.length - 2] += padding[2] + padding[3];
    out[in.length - 1] += padding[0] + padding[1];
    Sizes2d.requirePositive(this, in, out);
    return out;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().pad2d(x, padding[0], padding[2], y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      x.device().kernels().pad2dBackward(dy, padding[0], padding[2], dx);
    }
  }

  @Override
  protected String extraRepr() {
    return Sizes2d.repr(padding, true);
  }
}
