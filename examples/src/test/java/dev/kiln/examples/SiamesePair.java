package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Call-site test model: a nested {@link Siamese} (itself calling its encoder twice) called twice. */
@Model
public abstract class SiamesePair extends Module {
  @Layer final Siamese s = new KilnSiamese();

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x, @Shape("B, 5") Tensor y) {
    return s.forward(x, y).mul(s.forward(y.mul(2f), x));
  }
}
