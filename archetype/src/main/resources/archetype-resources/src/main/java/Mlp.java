package ${package};

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
// Import Module by name: "import dev.kiln.nn.*" makes it ambiguous with java.lang.Module.
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * A small MLP with a skip connection, {@code (B, 3) -> (B, 1)}. Kiln's annotation processor
 * checks its shapes when javac compiles it and generates {@code KilnMlp}, the compiled model
 * (see target/generated-sources/annotations).
 */
@Model
public abstract class Mlp extends Module {
  @Layer final Linear fc1 = new Linear(3, 16);
  @Layer final Linear fc2 = new Linear(16, 16);
  @Layer final Linear head = new Linear(16, 1);

  @Forward
  public Tensor forward(@Shape("B, 3") Tensor x) {
    Tensor h = relu(fc1.apply(x));
    h = relu(fc2.apply(h)).add(h);
    return head.apply(h);
  }

  /** A new model with PyTorch's default initialisation. */
  public static Mlp create() {
    return new KilnMlp();
  }
}
