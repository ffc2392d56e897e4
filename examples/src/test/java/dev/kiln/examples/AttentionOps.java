package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Attention written out with tensor ops, as tutorials do before they reach for
 * MultiheadAttention: chunk, view with -1, transpose, batched matmul, scalar div, maskedFill,
 * softmax over a dimension, permute, cat, narrow, select, unsqueeze, sum and mean with keepdim.
 */
@Model
public abstract class AttentionOps extends Module {
  static final int D = 8;
  static final int HEADS = 2;
  @Layer final Linear qkv = new Linear(D, 3 * D);
  @Layer final Linear out = new Linear(D, D);

  @Forward
  public Tensor forward(@Shape("B, 5, 8") Tensor x, @Shape("5, 5") Tensor mask) {
    List<Tensor> parts = qkv.apply(x).chunk(3, -1);
    Tensor q = parts.get(0).view(-1, 5, HEADS, D / HEADS).transpose(1, 2);
    Tensor k = parts.get(1).view(-1, 5, HEADS, D / HEADS).transpose(1, 2);
    Tensor v = parts.get(2).view(-1, 5, HEADS, D / HEADS).permute(0, 2, 1, 3);
    Tensor scores = q.matmul(k.transpose(-2, -1)).div((float) Math.sqrt(D / HEADS));
    Tensor attn = scores.maskedFill(mask, -1e9f).softmax(-1);
    Tensor h = attn.matmul(v).transpose(1, 2).reshape(-1, 5, D);
    Tensor both = Tensor.cat(List.of(h.narrow(1, 0, 3), x.narrow(1, 3, 2)), 1);
    Tensor first = both.select(1, 0).unsqueeze(1).mul(0.5f);
    Tensor pooled = both.mean(1, true).add(first).sub(1f);
    return out.apply(pooled.sum(1, false)).add(both.sum(-1, true).mean(1, false));
  }
}
