package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** One nested {@link Block} applied to two inputs, as a siamese encoder: {@code (B, 5) -> (B, 5)}. */
@Model
public abstract class Siamese extends Module {
  @Layer final Block enc = Block.create(5);

  @Forward
  public Tensor forward(@Shape("B, 5") Tensor x, @Shape("B, 5") Tensor y) {
    return enc.forward(x).sub(enc.forward(y));
  }
}
