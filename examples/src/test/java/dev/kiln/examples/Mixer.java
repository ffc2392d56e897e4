package dev.kiln.examples;

import static dev.kiln.nn.F.sigmoid;
import static dev.kiln.nn.F.tanh;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * The forward-body ops beyond layers: a matmul of two inputs, a broadcasting add, sub, mul,
 * flatten and reshape: {@code (B, 3, 3), (3, 4) -> (B, 12)}.
 */
@Model
public abstract class Mixer extends Module {
  @Layer final Linear fc = new Linear(12, 12);
  @Layer final Linear gate = new Linear(4, 4);

  @Forward
  public Tensor forward(@Shape("B, 3, 3") Tensor x, @Shape("3, 4") Tensor w) {
    Tensor h = x.matmul(w).add(gate.apply(w));
    Tensor g = sigmoid(gate.apply(h)).sub(h).mul(h);
    return tanh(fc.apply(g.flatten(1))).mul(g.reshape(-1, 12));
  }
}
