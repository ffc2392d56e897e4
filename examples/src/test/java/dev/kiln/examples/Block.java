package dev.kiln.examples;

import static dev.kiln.nn.F.tanh;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** A residual block used as a nested model: {@code (B, width) -> (B, width)}. */
@Model
public abstract class Block extends Module {
  @Layer final Linear fc;

  Block(int width) {
    fc = new Linear(width, width);
  }

  @Forward
  public Tensor forward(@Shape("B, width") Tensor x) {
    return tanh(fc.apply(x)).add(x);
  }

  static Block create(int width) {
    return new KilnBlock(width);
  }
}
