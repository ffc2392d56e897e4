package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Call-site test model: a weight-tied block applied twice, {@code blk(blk(x))}. */
@Model
public abstract class Twice extends Module {
  @Layer final Block blk = Block.create(5);

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x) {
    return blk.forward(blk.forward(x));
  }

  static Twice create() {
    return new KilnTwice();
  }
}
