package test;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Two nested residual blocks between linear layers: (B, 3) -> (B, 2). */
@Model
public abstract class Tower extends Module {
  @Layer final Linear in = new Linear(3, 5);
  @Layer final Block first = Block.create(5);
  @Layer final Block second = Block.create(5);
  @Layer final Linear out = new Linear(5, 2);

  @Forward
  public Tensor forward(@Shape("B, 3") Tensor x) {
    Tensor h = first.forward(in.apply(x));
    return out.apply(second.forward(h).mul(h));
  }

  /** A residual block: (B, width) -> (B, width). */
  @Model
  public abstract static class Block extends Module {
    @Layer final Linear fc;

    Block(int width) {
      fc = new Linear(width, width);
    }

    @Forward
    public Tensor forward(@Shape("B, width") Tensor x) {
      return relu(fc.apply(x)).add(x);
    }

    static Block create(int width) {
      return new KilnTower_Block(width);
    }
  }
}
