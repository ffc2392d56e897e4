package test;

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

/** A Sequential classifier over images: (N, 1, 28, 28) -> (N, 10). */
@Model
public abstract class Digits extends Module {
  static final int PIXELS = 28 * 28;

  @Layer final Sequential network = new Sequential(
      new Flatten(),
      new Linear(PIXELS, 64),
      new ReLU(),
      new Linear(64, 10));

  @Forward
  public Tensor forward(@Shape("N, 1, 28, 28") Tensor x) {
    return network.apply(x);
  }
}
