package dev.kiln.processor.shape;

import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code F.scaledDotProductAttention(q, k, v[, mask, isCausal])} lowered to the ops it is made
 * of, {@code softmax(q k^T / sqrt(E) + mask) v}: a transpose, a batched matmul, a scale, the mask
 * added (no gradient to it), a softmax layer the generated class holds, a matmul.
 */
final class Attention {
  private final Prover prover;
  private final Broadcasting rules;
  private final ValueNames names;
  private final List<Op> ops;
  private final List<ModelIr.FunctionLayer> functions;
  private final MultiCalls multis;

  Attention(Prover prover, ValueNames names, List<Op> ops, List<ModelIr.FunctionLayer> functions,
      MultiCalls multis) {
    this.prover = prover;
    this.rules = new Broadcasting(prover);
    this.names = names;
    this.ops = ops;
    this.functions = functions;
    this.multis = multis;
  }

  /** The ops of {@code t} on the evaluated {@code q, k, v} and {@code mask} (null for none). */
  Value lower(Expr.TensorOp t, Value q, Value k, Value v, Value mask, String hint) {
    String call = t.tree().toString();
    int rq = q.shape().rank();
    int rk = k.shape().rank();
    if (rq < 2 || rk < 2 || v.shape().rank() < 2) {
      prover.fail(call + ": query, key and value need at least 2 dimensions (..., L, E)", t.tree());
      return null;
    }
    Dim e = q.shape().get(rq - 1);
    Dim l = q.shape().get(rq - 2);
    Dim sLen = k.shape().get(rk - 2);
    if (!prover.equal(e, k.shape().get(rk - 1), call + ": the query's last size " + e + " must"
        + " equal the key's: " + LayerCalls.describe(k), t.tree())
        || !prover.equal(sLen, v.shape().get(v.shape().rank() - 2), call + ": key and value"
        + " must have the same length: " + LayerCalls.describe(k) + " but "
        + LayerCalls.describe(v), t.tree())) {
      return null;
    }
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < rk; i++) {
      perm.add(i == rk - 2 ? rk - 1 : i == rk - 1 ? rk - 2 : i);
    }
    List<Dim> kt = new ArrayList<>(k.shape().dims());
    java.util.Collections.swap(kt, rk - 2, rk - 1);
    Value keyT = emit(OpKind.PERMUTE, String.join(", ", perm.stream().map(String::valueOf)
        .toList()), List.of(k), new Shape(kt), null, t);
    Shape ss = rules.matmul(q.shape(), keyT.shape(), call, t.tree());
    if (ss == null) {
      return null;
    }
    Value scores = emit(OpKind.MATMUL, "MATMUL", List.of(q, keyT), ss, "scores", t);
    scores = emit(OpKind.SCALE, "(float) (1 / Math.sqrt(" + e.render(n -> n) + ")), 0f",
        List.of(scores), ss, "scores", t);
    if (t.ints().get(0) == 1) {
      if (!prover.equal(l, sLen, call + ": isCausal needs the query and key lengths equal",
          t.tree())) {
        return null;
      }
      Value c = multis.causal(l, null, call);
      mask = mask == null ? c : addMask(mask, c, t);
    }
    if (mask != null) {
      Shape b = rules.broadcast(ss, mask.shape(), call + ": the mask " + LayerCalls.describe(mask)
          + " must broadcast to the scores " + ss, t.tree());
      if (b == null) {
        return null;
      }
      scores = addMask(scores, mask, t);
    }
    String field = names.fresh("softmax");
    functions.add(new ModelIr.FunctionLayer(field, "Softmax",
        List.of("-1")));
    Value p = emit(OpKind.LAYER, field, List.of(scores), ss, "attn", t);
    Shape os = rules.matmul(p.shape(), v.shape(), call, t.tree());
    return os == null ? null : emit(OpKind.MATMUL, "MATMUL", List.of(p, v), os, hint, t);
  }

  /** {@code x + mask}, the mask getting no gradient. */
  Value addMask(Value x, Value mask, Expr e) {
    Shape s = rules.broadcast(x.shape(), mask.shape(), "mask", e.tree());
    Value out = new Value(names.fresh("masked"), s, -1, e.tree().toString());
    ops.add(new Op(OpKind.BINARY, "ADD", List.of(x, mask), out, e.tree().toString(),
        new Op.Parts(List.of(out), List.of("output"), List.of(0, 1), 2, List.of(false, true))));
    return out;
  }

  private Value emit(OpKind kind, String target, List<Value> in, Shape s, String hint, Expr e) {
    Value v = new Value(names.fresh(hint), s, -1, hint != null ? hint : e.tree().toString());
    ops.add(new Op(kind, target, in, v, e.tree().toString()));
    return v;
  }
}
