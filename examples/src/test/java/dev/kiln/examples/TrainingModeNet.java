package dev.kiln.examples;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * Paths chosen at run time: {@code if (isTraining())} with and without an else, and an {@code if}
 * on a final boolean field set by the constructor.
 */
@Model
abstract class TrainingModeNet extends Module {
  @Layer final Linear fc = new Linear(4, 6);
  @Layer final Dropout drop = new Dropout(0.5f);
  @Layer final Linear head = new Linear(6, 2);
  final boolean residual;

  TrainingModeNet(boolean residual) {
    this.residual = residual;
  }

  @Forward
  public Tensor forward(@Shape("B, 4") Tensor x) {
    Tensor h = relu(fc.apply(x));
    if (isTraining()) {
      Tensor noisy = drop.apply(h);
      h = noisy.add(h.mul(0.1f));
    } else {
      h = h.mul(1.1f);
    }
    if (!isTraining()) {
      h = h.sub(0.5f);
    }
    Tensor y = head.apply(h);
    if (residual) {
      y = y.add(head.apply(relu(fc.apply(x))));
    }
    return y;
  }
}
