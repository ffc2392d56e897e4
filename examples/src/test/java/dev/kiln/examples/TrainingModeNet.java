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

/** Paths chosen by the mode: {@code if (isTraining())} with and without an else. */
@Model
abstract class TrainingModeNet extends Module {
  @Layer final Linear fc = new Linear(4, 6);
  @Layer final Dropout drop = new Dropout(0.5f);
  @Layer final Linear head = new Linear(6, 2);

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
    return head.apply(h);
  }
}
