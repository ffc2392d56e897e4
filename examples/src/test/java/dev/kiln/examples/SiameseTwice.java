package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.tensor.Tensor;

/** Call-site test model: a siamese over {@link Twice}; a lowered ReLU for the eager path. */
@Model
public abstract class SiameseTwice extends Module {
  @Layer final Twice enc = Twice.create();
  @Layer final ReLU act = new ReLU();

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x, @Shape("B, 5") Tensor y) {
    return enc.forward(x).sub(act.apply(enc.forward(y)));
  }
}
