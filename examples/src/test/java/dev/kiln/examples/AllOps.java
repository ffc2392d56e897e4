package dev.kiln.examples;

import static dev.kiln.nn.F.relu;
import static dev.kiln.nn.F.sigmoid;
import static dev.kiln.nn.F.tanh;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Sigmoid;
import dev.kiln.tensor.Tensor;

/**
 * Every construct the README lists for a {@code @Forward} body in one model, so that their
 * compiled code runs in a test and is compared with eager and with PyTorch
 * ({@code tools/fixtures/make_fixtures.py} builds the same model): Sequential, Flatten, Linear,
 * sigmoid, tanh, relu, reshape (with -1), a batched matmul, flatten, broadcasting sub (of (B, 1) and (B, 4)), mul and
 * add, and a nested model. {@code (B, 3, 4) -> (B, 3)}.
 */
@Model
public abstract class AllOps extends Module {
  @Layer final Sequential stem = new Sequential(new Flatten(), new Linear(12, 8), new Sigmoid());
  @Layer final Linear keys = new Linear(8, 8);
  @Layer final Linear gate = new Linear(12, 1);
  @Layer final Block block = Block.create(4);
  @Layer final Linear head = new Linear(4, 3);

  @Forward
  public Tensor forward(@Shape("B, 3, 4") Tensor x) {
    Tensor h = stem.apply(x);
    Tensor k = tanh(keys.apply(h));
    Tensor m = h.reshape(-1, 2, 4).matmul(k.reshape(-1, 4, 2));
    Tensor f = m.flatten(1);
    Tensor g = sigmoid(gate.apply(x.flatten(1)));
    Tensor r = relu(block.forward(g.sub(f)));
    return head.apply(r.mul(g).add(f));
  }

  static AllOps create() {
    return new KilnAllOps();
  }
}
