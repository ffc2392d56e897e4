package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Mask;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** A mask input given as PyTorch's bool mask and as an additive one, and a call without one. */
@Model
public abstract class MaskOps extends Module {
  @Layer final Mix mix = new Mix(4);

  @Forward
  public Tensor forward(@Shape("B, T, 4") Tensor x, @Shape("T, T") Tensor m) {
    Tensor a = mix.apply(x, Mask.bool(m)).out();
    Tensor b = mix.apply(x, Mask.additive(m)).out();
    Tensor c = mix.apply(x).score();
    return a.sub(b).sum(2, false).add(c);
  }
}
