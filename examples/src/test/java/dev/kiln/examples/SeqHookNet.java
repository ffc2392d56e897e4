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

/**
 * {@code net(x)} with {@code net = Sequential(Flatten(), Linear(6, 4), ReLU(), Linear(4, 2))},
 * {@code (B, 2, 3) -> (B, 2)}: the second model of {@code tools/fixtures/make_hook_fixtures.py}.
 * Compiled, the container, the Flatten and the ReLU become plain kernel calls.
 */
@Model
public abstract class SeqHookNet extends Module {
  @Layer final Sequential net =
      new Sequential(new Flatten(), new Linear(6, 4), new ReLU(), new Linear(4, 2));

  @Forward
  public Tensor forward(@Shape("B, 2, 3") Tensor x) {
    return net.apply(x);
  }
}
