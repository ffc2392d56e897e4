package test;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** An MLP with a skip connection: (B, 3) -> (B, 1). */
@Model
public abstract class SkipNet extends Module {
  @Layer final Linear fc1 = new Linear(3, 16);
  @Layer final Linear fc2 = new Linear(16, 16);
  @Layer final Linear head = new Linear(16, 1);

  @Forward
  public Tensor forward(@Shape("B, 3") Tensor x) {
    Tensor h = relu(fc1.apply(x));
    h = relu(fc2.apply(h)).add(h);
    return head.apply(h);
  }
}
