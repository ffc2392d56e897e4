package test;

import static dev.kiln.nn.F.tanh;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Tanh;
import dev.kiln.tensor.Tensor;

/** Sized by constructor parameters: (B, in) -> (B, 1), with a gated hidden layer. */
@Model
public abstract class Regressor extends Module {
  @Layer final Linear fc;
  @Layer final Sequential gate;
  @Layer final Linear head;

  Regressor(int in, int hidden) {
    fc = new Linear(in, hidden);
    gate = new Sequential(new Linear(hidden, hidden), new Tanh());
    head = new Linear(hidden, 1);
  }

  @Forward
  public Tensor forward(@Shape("B, in") Tensor x) {
    Tensor h = tanh(fc.apply(x));
    return head.apply(gate.apply(h).mul(h));
  }
}
