package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.UnaryOps;

/** {@code 1 / (1 + exp(-x))} elementwise, as {@code torch.nn.Sigmoid}. Input {@code (*)}, output {@code (*)}. */
@ShapeContract(input = "*", output = "*")
public final class Sigmoid extends Activation {
  public Sigmoid() {
    super(UnaryOps.SIGMOID);
  }
}
