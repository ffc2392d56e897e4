package dev.kiln.processor.shape;

import com.sun.source.tree.Tree;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * Shapes of the tensor methods of sequence models, and their ops: dimensions in range (negative
 * counts from the end, as PyTorch), slices inside their dimension, cat's other sizes equal, a mask
 * that broadcasts to its tensor.
 */
final class TensorOpChecks {
  private final Prover prover;
  private final Broadcasting rules;
  private final ValueNames names;
  private final List<Op> ops;

  TensorOpChecks(Prover prover, ValueNames names, List<Op> ops) {
    this.prover = prover;
    this.rules = new Broadcasting(prover);
    this.names = names;
    this.ops = ops;
  }

  /** The op's value ({@link MultiCalls.Tuple} for chunk and split), or null after reporting. */
  Object check(Expr.TensorOp t, Value x, List<Value> others, String hint) {
    Shape s = x.shape();
    int rank = s.rank();
    List<Long> a = t.ints();
    String call = t.tree().toString();
    switch (t.op()) {
      case "transpose", "permute" -> {
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
          perm.add(i);
        }
        if (t.op().equals("transpose")) {
          Integer d0 = dim(a.get(0), rank, call, t.tree());
          Integer d1 = d0 == null ? null : dim(a.get(1), rank, call, t.tree());
          if (d1 == null) {
            return null;
          }
          perm.set(d0, d1);
          perm.set(d1, d0);
        } else {
          if (a.size() != rank) {
            prover.fail(call + ": number of dims don't match in permute (" + a.size() + " for "
                + LayerCalls.describe(x) + ")", t.tree());
            return null;
          }
          boolean[] seen = new boolean[rank];
          for (int i = 0; i < rank; i++) {
            Integer d = dim(a.get(i), rank, call, t.tree());
            if (d == null) {
              return null;
            }
            if (seen[d]) {
              prover.fail(call + ": repeated dim in permute", t.tree());
              return null;
            }
            seen[d] = true;
            perm.set(i, d);
          }
        }
        List<Dim> out = new ArrayList<>();
        perm.forEach(p -> out.add(s.get(p)));
        return emit(OpKind.PERMUTE, join(perm), List.of(x), new Shape(out), hint, t);
      }
      case "narrow", "select" -> {
        Integer d = dim(a.get(0), rank, call, t.tree());
        if (d == null) {
          return null;
        }
        long start = a.get(1);
        long len = t.op().equals("select") ? 1 : a.get(2);
        if (start < 0 && t.op().equals("select") && s.get(d).isConstant()) {
          start += s.get(d).constant(); // a negative index counts from the end
        }
        if (start < 0 || len < 1 || !prover.holds(Dim.of(start + len), "<=", s.get(d), call
            + ": start (" + start + ") + length (" + len + ") exceeds dimension size ("
            + s.get(d) + ") of " + LayerCalls.describe(x), t.tree())) {
          if (start < 0 || len < 1) {
            prover.fail(call + ": start must be >= 0 and length >= 1", t.tree());
          }
          return null;
        }
        List<Dim> out = new ArrayList<>(s.dims());
        out.set(d, Dim.of(len));
        Value v = emit(OpKind.SLICE, d + ", " + start + ", " + len, List.of(x), new Shape(out),
            t.op().equals("select") ? null : hint, t);
        if (t.op().equals("select")) {
          out.remove((int) d);
          return emit(OpKind.COPY, "reshape", List.of(v), new Shape(out), hint, t);
        }
        return v;
      }
      case "unsqueeze", "squeeze" -> {
        boolean un = t.op().equals("unsqueeze");
        Integer d = dim(a.get(0), un ? rank + 1 : rank, call, t.tree());
        if (d == null) {
          return null;
        }
        List<Dim> out = new ArrayList<>(s.dims());
        if (un) {
          out.add(d, Dim.of(1));
        } else if (Prover.isOne(s.get(d))) {
          out.remove((int) d);
        }
        return emit(OpKind.COPY, "reshape", List.of(x), new Shape(out), hint, t);
      }
      case "sum", "mean" -> {
        Integer d = dim(a.get(0), rank, call, t.tree());
        if (d == null) {
          return null;
        }
        boolean keep = a.size() > 1 && a.get(1) == 1;
        List<Dim> out = new ArrayList<>(s.dims());
        out.remove((int) d);
        String scale = t.op().equals("mean") ? "1f / (" + s.get(d).render(n -> n) + ")" : "1f";
        Value v = emit(OpKind.SUM_DIM, d + ", " + scale, List.of(x), new Shape(out),
            keep ? null : hint, t);
        if (keep) {
          out.add(d, Dim.of(1));
          return emit(OpKind.COPY, "reshape", List.of(v), new Shape(out), hint, t);
        }
        return v;
      }
      case "maskedFill" -> {
        Value m = others.get(0);
        Shape b = rules.broadcast(s, m.shape(), call + ": the mask " + LayerCalls.describe(m)
            + " must broadcast to " + LayerCalls.describe(x), t.tree());
        if (b == null) {
          return null;
        }
        if (!b.equals(s)) {
          prover.fail(call + ": the mask " + LayerCalls.describe(m) + " must broadcast to "
              + LayerCalls.describe(x) + ", not beyond it to " + b, t.tree());
          return null;
        }
        Value v = new Value(names.fresh(hint), s, -1, hint != null ? hint : call);
        ops.add(new Op(OpKind.MASKED_FILL, t.scalars().get(0), List.of(x, m), v, call,
            new Op.Parts(List.of(v), List.of("output"), List.of(0, 1), 2, List.of(false, true))));
        return v;
      }
      case "scale" -> {
        return emit(OpKind.SCALE, t.scalars().get(0) + ", " + t.scalars().get(1), List.of(x), s,
            hint, t);
      }
      case "cat" -> {
        return cat(t, x, others, hint);
      }
      default -> {
        return split(t, x, hint);
      }
    }
  }

  private Object cat(Expr.TensorOp t, Value x, List<Value> others, String hint) {
    String call = t.tree().toString();
    int rank = x.shape().rank();
    Integer d = dim(t.ints().get(0), rank, call, t.tree());
    if (d == null) {
      return null;
    }
    List<Value> all = new ArrayList<>(List.of(x));
    all.addAll(others);
    Dim total = Dim.of(0);
    for (Value v : all) {
      if (v.shape().rank() != rank) {
        prover.fail(call + ": Tensors must have same number of dimensions: " + LayerCalls.describe(
            x) + " but " + LayerCalls.describe(v), t.tree());
        return null;
      }
      for (int i = 0; i < rank; i++) {
        if (i != d && !prover.equal(x.shape().get(i), v.shape().get(i), call + ": Sizes of"
            + " tensors must match except in dimension " + d + ": " + LayerCalls.describe(x)
            + " but " + LayerCalls.describe(v), t.tree())) {
          return null;
        }
      }
      total = total.plus(v.shape().get(d));
    }
    List<Dim> out = new ArrayList<>(x.shape().dims());
    out.set(d, total);
    return emit(OpKind.CAT, Integer.toString(d), all, new Shape(out), hint, t);
  }

  /** chunk(n, dim) or split(size, dim): PyTorch's pieces, the last one possibly smaller. */
  private Object split(Expr.TensorOp t, Value x, String hint) {
    String call = t.tree().toString();
    Integer d = dim(t.ints().get(1), x.shape().rank(), call, t.tree());
    if (d == null) {
      return null;
    }
    Dim size = x.shape().get(d);
    long k = t.ints().get(0);
    if (!size.isConstant() || k < 1) {
      prover.fail(call + ": the dimension split must have a constant size (it is " + size
          + ") and the count or size must be >= 1", t.tree());
      return null;
    }
    long n = size.constant();
    long piece = t.op().equals("chunk") ? (n + k - 1) / k : k;
    List<String> partNames = new ArrayList<>();
    List<Value> values = new ArrayList<>();
    for (long start = 0; start < n; start += piece) {
      long len = Math.min(piece, n - start);
      List<Dim> out = new ArrayList<>(x.shape().dims());
      out.set(d, Dim.of(len));
      String h = (hint == null ? "part" : hint) + values.size();
      values.add(emit(OpKind.SLICE, d + ", " + start + ", " + len, List.of(x), new Shape(out), h, t));
      partNames.add(Integer.toString(partNames.size()));
    }
    return new MultiCalls.Tuple(partNames, values, call);
  }

  /** {@code d} made non-negative, or null after PyTorch's message. */
  private Integer dim(long d, int rank, String call, Tree at) {
    if (d < -rank || d >= rank) {
      prover.fail(call + ": Dimension out of range (expected to be in range of [" + -rank + ", "
          + (rank - 1) + "], but got " + d + ")", at);
      return null;
    }
    return (int) (d < 0 ? d + rank : d);
  }

  private static String join(List<Integer> perm) {
    return String.join(", ", perm.stream().map(String::valueOf).toList());
  }

  private Value emit(OpKind kind, String target, List<Value> in, Shape s, String hint, Expr e) {
    Value v = new Value(names.fresh(hint), s, -1, hint != null ? hint : e.tree().toString());
    ops.add(new Op(kind, target, in, v, e.tree().toString()));
    return v;
  }
}
