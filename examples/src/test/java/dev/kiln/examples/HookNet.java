package dev.kiln.examples;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * {@code fc2(relu(fc1(x)))}, {@code (B, 3) -> (B, 2)}: the model of {@code
 * tools/fixtures/make_hook_fixtures.py}; compiled, fc1 is fused with the relu.
 */
@Model
public abstract class HookNet extends Module {
  @Layer final Linear fc1 = new Linear(3, 4);
  @Layer final Linear fc2 = new Linear(4, 2);

  @Forward
  public Tensor forward(@Shape("B, 3") Tensor x) {
    return fc2.apply(relu(fc1.apply(x)));
  }

  static HookNet create() {
    return new KilnHookNet();
  }
}
