package dev.kiln.processor.shape;

import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A mask argument lowered to the additive float tensor a layer takes: {@code Mask.additive(t)}
 * is {@code t} itself; {@code Mask.bool(t)} a tensor that is {@code -inf} where {@code t} holds
 * and {@code 0} elsewhere (a {@link OpKind#SCALE} to zeros, then a {@link OpKind#MASKED_FILL});
 * {@code Mask.causal(n)} or {@code Mask.causal(x.size(d))} the {@code (n, n)} causal mask.
 */
final class MaskArgs {
  private final Prover prover;
  private final ValueNames names;
  private final List<Op> ops;
  private final MultiCalls multis;
  private final BiFunction<Expr, String, Value> eval;

  MaskArgs(Prover prover, ValueNames names, List<Op> ops, MultiCalls multis,
      BiFunction<Expr, String, Value> eval) {
    this.prover = prover;
    this.names = names;
    this.ops = ops;
    this.multis = multis;
    this.eval = eval;
  }

  /** The mask's float tensor, or null after reporting. */
  Value lower(Expr.MaskOf m) {
    if (m.kind().equals("additive")) {
      return eval.apply(m.of(), null);
    }
    if (m.kind().equals("bool")) {
      Value b = eval.apply(m.of(), null);
      if (b == null) {
        return null;
      }
      String src = m.tree().toString();
      Value zero = new Value(names.fresh("boolMask"), b.shape(), -1, src);
      ops.add(new Op(OpKind.SCALE, "0f, 0f", List.of(b), zero, src));
      Value v = new Value(names.fresh("boolMask"), b.shape(), -1, src);
      ops.add(new Op(OpKind.MASKED_FILL, "Float.NEGATIVE_INFINITY", List.of(zero, b), v, src,
          new Op.Parts(List.of(v), List.of("output"), List.of(0, 1), 2, List.of(false, true))));
      return v;
    }
    Dim n = m.constant();
    if (m.of() != null) {
      Value x = eval.apply(m.of(), null);
      if (x == null) {
        return null;
      }
      int rank = x.shape().rank();
      int d = m.dim() < 0 ? m.dim() + rank : m.dim();
      if (d < 0 || d >= rank) {
        prover.fail("size(" + m.dim() + ") is out of range for " + LayerCalls.describe(x),
            m.tree());
        return null;
      }
      n = x.shape().get(d);
    }
    return multis.causal(n, null, m.tree().toString());
  }
}
