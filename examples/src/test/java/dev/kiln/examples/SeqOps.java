package dev.kiln.examples;

import static dev.kiln.nn.F.tanh;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Mask;
import dev.kiln.nn.Module;
import dev.kiln.nn.ModuleDict;
import dev.kiln.nn.ModuleList;
import dev.kiln.tensor.Tensor;

/**
 * The sequence-model forms in one model: a several-output layer with a causal mask, its
 * record's parts, a loop over a ModuleList filled in a loop (a run-time chain), one filled
 * element by element (unrolled), {@code get} with a constant, and a ModuleDict.
 */
@Model
public abstract class SeqOps extends Module {
  @Layer final Mix mix = new Mix(4);
  @Layer final ModuleList<Linear> blocks;
  @Layer final ModuleList<Linear> widen;
  @Layer final ModuleDict<Linear> heads;

  SeqOps(int depth) {
    blocks = new ModuleList<>();
    for (int i = 0; i < depth; i++) {
      blocks.add(new Linear(4, 4));
    }
    widen = new ModuleList<>();
    widen.add(new Linear(4, 6));
    widen.add(new Linear(6, 4));
    heads = new ModuleDict<>();
    heads.put("tokens", new Linear(4, 3));
    heads.put("score", new Linear(1, 3));
  }

  @Forward
  public Tensor forward(@Shape("B, T, 4") Tensor x) {
    Mix.MixOut o = mix.apply(x, Mask.causal(x.size(1)));
    Tensor h = o.out();
    for (Linear b : blocks) {
      h = b.apply(h);
    }
    for (Linear l : widen) {
      h = tanh(l.apply(h));
    }
    h = widen.get(0).apply(h);
    h = widen.get(1).apply(h);
    Tensor s = heads.get("score").apply(o.score().reshape(-1, 1));
    return heads.get("tokens").apply(h).reshape(-1, 3).add(s);
  }

  public static SeqOps create(int depth) {
    return new KilnSeqOps(depth);
  }
}
