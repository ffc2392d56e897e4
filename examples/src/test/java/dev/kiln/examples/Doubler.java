package dev.kiln.examples;

import dev.kiln.ShapeContract;
import dev.kiln.nn.UnaryModule;
import dev.kiln.tensor.Tensor;

/** A user layer without a graph form ({@code y = 2x}): export must refuse it by name. */
@ShapeContract(args = {}, input = "*, n", output = "*, n")
public final class Doubler extends UnaryModule {
  @Override
  public int[] outputShape(int[] in) {
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().binary(dev.kiln.backend.BinaryOp.ADD, x, x, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      dx.device().kernels().accumulate(dy, dx);
      dx.device().kernels().accumulate(dy, dx);
    }
  }
}
