package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Tanh;
import dev.kiln.tensor.Tensor;

/** The seed's sine regressor: {@code (B, 1) -> (B, 1)}, 4,353 parameters at hidden = 64. */
@Model
public abstract class SineNet extends Module {
  @Layer final Sequential net;

  SineNet(int hidden) {
    net = new Sequential(
        new Linear(1, hidden),
        new Tanh(),
        new Linear(hidden, hidden),
        new Tanh(),
        new Linear(hidden, 1));
  }

  @Forward
  public Tensor forward(@Shape("B, 1") Tensor x) {
    return net.apply(x);
  }

  public static SineNet create(int hidden) {
    return new KilnSineNet(hidden);
  }
}
