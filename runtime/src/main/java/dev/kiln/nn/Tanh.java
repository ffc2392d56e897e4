package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.UnaryOps;

/** {@code tanh(x)} elementwise, as {@code torch.nn.Tanh}. Input {@code (*)}, output {@code (*)}. */
@ShapeContract(input = "*", output = "*")
public final class Tanh extends Activation {
  public Tanh() {
    super(UnaryOps.TANH);
  }
}
