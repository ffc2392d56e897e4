package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** A model using {@link Doubler}, which has no graph form: {@code (B, 2) -> (B, 2)}. */
@Model
public abstract class Doubled extends Module {
  @Layer final Linear fc = new Linear(2, 2);
  @Layer final Doubler twice = new Doubler();

  @Forward
  public Tensor forward(@Shape("B, 2") Tensor x) {
    return twice.apply(fc.apply(x));
  }
}
