package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Call-site test model: an encoder whose output is a nested model's output, {@code (B, 5) -> (B, 5)}. */
@Model
public abstract class Enc2 extends Module {
  @Layer final Linear fc = new Linear(5, 5);
  @Layer final Block head = Block.create(5);

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x) {
    return head.forward(fc.apply(x));
  }

  static Enc2 create() {
    return new KilnEnc2();
  }
}
