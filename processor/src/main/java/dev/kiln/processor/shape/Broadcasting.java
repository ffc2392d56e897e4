package dev.kiln.processor.shape;

import com.sun.source.tree.Tree;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Shape;
import java.util.ArrayList;
import java.util.List;

/** PyTorch's broadcasting and matmul shape rules over symbolic shapes. */
final class Broadcasting {
  private final Prover prover;

  Broadcasting(Prover prover) {
    this.prover = prover;
  }

  /** The broadcast shape of {@code a} and {@code b}, or null after reporting. */
  Shape broadcast(Shape a, Shape b, String message, Tree at) {
    int n = Math.max(a.rank(), b.rank());
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Dim x = i < n - a.rank() ? Dim.of(1) : a.get(i - (n - a.rank()));
      Dim y = i < n - b.rank() ? Dim.of(1) : b.get(i - (n - b.rank()));
      if (Prover.isOne(x) || Prover.isOne(y)) {
        out.add(Prover.isOne(x) ? y : x);
      } else if (prover.equal(x, y, message + " (dimension " + i + ": " + x + " vs " + y
          + ", and neither is 1)", at)) {
        out.add(x);
      } else {
        return null;
      }
    }
    return new Shape(out);
  }

  /** {@code (..., n, k) @ (..., k, m) -> (..., n, m)}, or null after reporting. */
  Shape matmul(Shape a, Shape b, String message, Tree at) {
    if (a.rank() < 2 || b.rank() < 2) {
      prover.fail(message + " (matmul needs at least 2 dimensions; reshape a vector first)", at);
      return null;
    }
    Dim k = a.get(a.rank() - 1);
    if (!prover.equal(k, b.get(b.rank() - 2), message + " (" + k + " vs "
        + b.get(b.rank() - 2) + ")", at)) {
      return null;
    }
    Shape batch = broadcast(new Shape(a.dims().subList(0, a.rank() - 2)),
        new Shape(b.dims().subList(0, b.rank() - 2)), message, at);
    if (batch == null) {
      return null;
    }
    List<Dim> out = new ArrayList<>(batch.dims());
    out.add(a.get(a.rank() - 2));
    out.add(b.get(b.rank() - 1));
    return new Shape(out);
  }

  /** The shape after flattening dimensions {@code start..end}, or null if out of range. */
  static Shape flatten(Shape s, int start, int end) {
    int r = Math.max(s.rank(), 1);
    int a = start < 0 ? start + r : start;
    int b = end < 0 ? end + r : end;
    if (a < 0 || b >= r || a > b) {
      return null;
    }
    if (s.rank() == 0) {
      return new Shape(List.of(Dim.of(1)));
    }
    List<Dim> out = new ArrayList<>(s.dims().subList(0, a));
    out.add(numel(s.dims().subList(a, b + 1)));
    out.addAll(s.dims().subList(b + 1, s.rank()));
    return new Shape(out);
  }

  static Dim numel(List<Dim> dims) {
    Dim n = Dim.of(1);
    for (Dim d : dims) {
      n = n.times(d);
    }
    return n;
  }
}
