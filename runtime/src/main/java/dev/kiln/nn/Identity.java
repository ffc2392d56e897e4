package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Tensor;

/**
 * {@code y = x}, as {@code torch.nn.Identity}: a placeholder layer (a skipped stage, a removed
 * head). Any input shape, output the same. No parameters.
 */
@ShapeContract(input = "*", output = "*")
public final class Identity extends UnaryModule {
  public Identity() {}

  @Override
  public int[] outputShape(int[] in) {
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().copy(x, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      x.device().kernels().accumulate(dy, dx);
    }
  }
}
