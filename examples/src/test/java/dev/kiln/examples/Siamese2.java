package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Call-site test model: {@link Siamese} over an encoder that itself ends in a nested model. */
@Model
public abstract class Siamese2 extends Module {
  @Layer final Enc2 enc = Enc2.create();

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x, @Shape("B, 5") Tensor y) {
    return enc.forward(x).sub(enc.forward(y));
  }
}
