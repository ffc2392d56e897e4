package dev.kiln.processor.shape;

import com.sun.source.tree.Tree;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matches actual shapes against a contract's patterns: the {@code *} captures leading
 * dimensions, a name not yet bound binds to the actual size, every other size must be equal.
 */
final class Matcher {
  private final Prover prover;

  Matcher(Prover prover) {
    this.prover = prover;
  }

  /**
   * Binds {@code in} to {@code actual}, adding new names to {@code bound}; returns the dimensions
   * captured by {@code *} (empty without one), or null after reporting {@code message} at
   * {@code at}.
   */
  List<Dim> bind(Pattern in, Map<String, Dim> bound, Shape actual, String message, Tree at) {
    int fixed = in.dims().size();
    if (in.star() ? actual.rank() < fixed : actual.rank() != fixed) {
      prover.fail(message + " (rank " + actual.rank() + " instead of " + (in.star() ? "at least "
          : "") + fixed + ")", at);
      return null;
    }
    int lead = actual.rank() - fixed;
    int at0 = in.star() ? in.starAt() : fixed;
    for (int i = 0; i < fixed; i++) {
      Dim p = in.dims().get(i);
      Dim a = actual.get(i < at0 ? i : lead + i);
      String sym = p.asSymbol();
      if (sym != null && !bound.containsKey(sym)) {
        bound.put(sym, a);
      } else if (!prover.equal(p.substitute(bound::get), a, message, at)) {
        return null;
      }
    }
    return actual.dims().subList(at0, at0 + lead);
  }

  /** The output shape: the pattern's dimensions with the captured ones at its {@code *}. */
  static Shape output(Pattern out, Map<String, Dim> bound, List<Dim> captured) {
    List<Dim> dims = new ArrayList<>();
    for (int i = 0; i <= out.dims().size(); i++) {
      if (i == out.starAt()) {
        dims.addAll(captured);
      }
      if (i < out.dims().size()) {
        dims.add(out.dims().get(i).substitute(bound::get));
      }
    }
    return new Shape(dims);
  }

  /** The pattern with the arguments filled in, e.g. {@code (*, 16)}. */
  static String expected(Pattern in, Map<String, Dim> args) {
    List<Dim> dims = new ArrayList<>();
    for (Dim d : in.dims()) {
      dims.add(d.substitute(args::get));
    }
    return new Pattern(in.starAt(), dims).toString();
  }
}
