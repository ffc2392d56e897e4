package dev.kiln.examples;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.F;
import dev.kiln.nn.GELU;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Forward-body forms: a helper, a counted loop, a constant if, functional and layer activations. */
@Model
abstract class BodyFormsNet extends Module {
  static final int DEPTH = 2;
  static final boolean RESIDUAL = true;
  @Layer final Linear in = new Linear(4, 8);
  @Layer final Linear mid = new Linear(8, 8);
  @Layer final GELU gelu = new GELU("tanh");
  @Layer final Linear out = new Linear(8, 3);

  @Forward
  public Tensor forward(@Shape("B, 4") Tensor x) {
    Tensor h = F.silu(in.apply(x));
    for (int i = 0; i < DEPTH; i++) {
      h = block(h);
    }
    if (RESIDUAL) {
      h = h.add(F.leakyRelu(mid.apply(h), 0.2f));
    } else {
      h = relu(h);
    }
    return F.logSoftmax(out.apply(gelu.apply(h)), 1);
  }

  private Tensor block(Tensor h) {
    Tensor y = F.elu(mid.apply(h), 0.7f);
    return F.softmax(y, -1).mul(h).add(h);
  }
}
