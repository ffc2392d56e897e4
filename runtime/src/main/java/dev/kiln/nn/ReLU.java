package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.UnaryOps;

/** {@code max(x, 0)} elementwise, as {@code torch.nn.ReLU}. Input {@code (*)}, output {@code (*)}. */
@ShapeContract(input = "*", output = "*")
public final class ReLU extends Activation {
  public ReLU() {
    super(UnaryOps.RELU);
  }
}
