package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.tensor.Tensor;

/**
 * Call-site test model: like {@link SiamesePair} with a lowered ReLU layer, so that a hook on {@code act}
 * runs this forward eagerly (EagerScope) around the compiled {@link Siamese}.
 */
@Model
public abstract class EagerPair extends Module {
  @Layer final Siamese s = new KilnSiamese();
  @Layer final ReLU act = new ReLU();

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x, @Shape("B, 5") Tensor y) {
    return act.apply(s.forward(x, y)).mul(s.forward(y.mul(2f), x));
  }
}
