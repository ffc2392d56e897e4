package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Tensor;

/** The seed's MNIST classifier: {@code (N, 1, 28, 28) -> (N, 10)} logits, 109,386 parameters. */
@Model
public abstract class MnistClassifier extends Module {
  @Layer final Sequential network = new Sequential(
      new Flatten(),
      new Linear(28 * 28, 128),
      new ReLU(),
      new Linear(128, 64),
      new ReLU(),
      new Linear(64, 10));

  @Forward
  public Tensor forward(@Shape("N, 1, 28, 28") Tensor x) {
    return network.apply(x);
  }

  public static MnistClassifier create() {
    return new KilnMnistClassifier();
  }
}
