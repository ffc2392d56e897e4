package dev.kiln.processor.dims;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An irreducible floor quotient {@code floor(num / den)}, a factor of a {@link Dim}'s monomials.
 * Quotients are interned by a canonical name (free of {@code *}) so that equal quotients are the
 * same factor and polynomials stay in normal form.
 */
record FloorDiv(Dim num, Dim den) {
  private static final Map<String, FloorDiv> NAMED = new ConcurrentHashMap<>();

  /** The quotient a factor name stands for, or null for a plain size name. */
  static FloorDiv named(String factor) {
    return factor.startsWith("{") ? NAMED.get(factor) : null;
  }

  /** {@code floor(a / b)} in normal form; null when {@code b} is 0. */
  static Dim of(Dim a, Dim b) {
    if (b.isConstant()) {
      long c = b.constant();
      if (c == 0) {
        return null;
      }
      if (c < 0) {
        return of(Dim.of(0).minus(a), Dim.of(-c));
      }
      // a = c*q + r with every coefficient of r in [0, c): floor(a/c) = q + floor(r/c).
      Map<String, Long> q = new TreeMap<>();
      Map<String, Long> r = new TreeMap<>();
      for (Map.Entry<String, Long> e : a.terms().entrySet()) {
        q.put(e.getKey(), Math.floorDiv(e.getValue(), c));
        r.put(e.getKey(), Math.floorMod(e.getValue(), c));
      }
      Dim quotient = Dim.ofTerms(q);
      Dim rest = Dim.ofTerms(r);
      if (rest.isConstant()) {
        return quotient.plus(Dim.of(Math.floorDiv(rest.constant(), c)));
      }
      long g = c;
      for (long v : rest.terms().values()) {
        g = gcd(g, v);
      }
      return quotient.plus(atom(rest.dividedBy(g), Dim.of(c / g)));
    }
    if (a.isConstant() && a.constant() == 0) {
      return Dim.of(0);
    }
    return atom(a, b);
  }

  private static Dim atom(Dim num, Dim den) {
    if (den.isConstant() && den.constant() == 1) {
      return num;
    }
    String name = "{" + key(num) + "/" + key(den) + "}";
    NAMED.putIfAbsent(name, new FloorDiv(num, den));
    return Dim.symbol(name);
  }

  private static String key(Dim d) {
    StringBuilder b = new StringBuilder();
    d.terms().forEach((m, c) -> b.append(b.length() == 0 ? "" : ";").append(c).append(':')
        .append(m.replace('*', '.')));
    return b.toString();
  }

  private static long gcd(long a, long b) {
    return b == 0 ? Math.abs(a) : gcd(b, a % b);
  }
}
