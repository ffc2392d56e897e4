package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.tensor.Tensor;

/**
 * Call-site test model: one nested {@link Block} called in a counted loop through a helper, inside a
 * run-time {@code if (isTraining())}, and once more at the end; a lowered ReLU for the eager path.
 */
@Model
abstract class LoopNet extends Module {
  static final int N = 3;
  @Layer final Block enc = Block.create(5);
  @Layer final ReLU act = new ReLU();

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x) {
    Tensor h = x;
    for (int i = 0; i < N; i++) {
      h = step(h);
    }
    if (isTraining()) {
      h = h.add(enc.forward(x.mul(0.5f)));
    }
    return act.apply(h).mul(enc.forward(x));
  }

  private Tensor step(Tensor h) {
    return enc.forward(h).mul(0.9f);
  }
}
