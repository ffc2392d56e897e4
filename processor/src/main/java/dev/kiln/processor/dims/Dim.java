package dev.kiln.processor.dims;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A symbolic dimension: a polynomial with integer coefficients over named sizes and floor
 * quotients ({@code (H - 1)/2}, see {@link FloorDiv}), kept in a normal form so that
 * {@code C*H*W} and {@code W*H*C}, or {@code hidden + 1} and {@code 1 + hidden}, are equal.
 */
public final class Dim {
  /** Monomial (sorted factor names joined by {@code *}; "" for the constant) to coefficient. */
  private final Map<String, Long> terms;

  private Dim(Map<String, Long> terms) {
    terms.values().removeIf(c -> c == 0);
    this.terms = Collections.unmodifiableMap(terms);
  }

  public static Dim of(long value) {
    Map<String, Long> t = new TreeMap<>();
    t.put("", value);
    return new Dim(t);
  }

  public static Dim symbol(String name) {
    Map<String, Long> t = new TreeMap<>();
    t.put(name, 1L);
    return new Dim(t);
  }

  public Dim plus(Dim o) {
    Map<String, Long> t = new TreeMap<>(terms);
    o.terms.forEach((k, v) -> t.merge(k, v, Long::sum));
    return new Dim(t);
  }

  public Dim minus(Dim o) {
    return plus(o.times(of(-1)));
  }

  public Dim times(Dim o) {
    Map<String, Long> t = new TreeMap<>();
    terms.forEach((ka, va) -> o.terms.forEach((kb, vb) -> t.merge(monomial(ka, kb), va * vb, Long::sum)));
    return new Dim(t);
  }

  /** {@code floor(this / o)}, as PyTorch's size formulas divide; null when {@code o} is 0. */
  public Dim floorDiv(Dim o) {
    return FloorDiv.of(this, o);
  }

  /** {@code this mod o} (floor modulo); null when {@code o} is 0. */
  public Dim mod(Dim o) {
    Dim q = floorDiv(o);
    return q == null ? null : minus(o.times(q));
  }

  private static String monomial(String a, String b) {
    List<String> f = new ArrayList<>(factors(a));
    f.addAll(factors(b));
    Collections.sort(f);
    return String.join("*", f);
  }

  static List<String> factors(String monomial) {
    List<String> f = new ArrayList<>();
    for (String s : monomial.split("\\*")) {
      if (!s.isEmpty()) {
        f.add(s);
      }
    }
    return f;
  }

  /** Monomial to coefficient, for {@link FloorDiv}. */
  Map<String, Long> terms() {
    return terms;
  }

  static Dim ofTerms(Map<String, Long> terms) {
    return new Dim(new TreeMap<>(terms));
  }

  /** This dimension divided by {@code c}, or null when some coefficient is not divisible. */
  public Dim dividedBy(long c) {
    Map<String, Long> t = new TreeMap<>();
    for (Map.Entry<String, Long> e : terms.entrySet()) {
      if (c == 0 || e.getValue() % c != 0) {
        return null;
      }
      t.put(e.getKey(), e.getValue() / c);
    }
    return new Dim(t);
  }

  public boolean isConstant() {
    return terms.keySet().stream().allMatch(String::isEmpty);
  }

  /** The value of a constant dimension. */
  public long constant() {
    return terms.getOrDefault("", 0L);
  }

  /** The size names this dimension mentions, also inside quotients. */
  public Set<String> symbols() {
    Set<String> s = new TreeSet<>();
    for (String m : terms.keySet()) {
      for (String f : factors(m)) {
        FloorDiv q = FloorDiv.named(f);
        if (q == null) {
          s.add(f);
        } else {
          s.addAll(q.num().symbols());
          s.addAll(q.den().symbols());
        }
      }
    }
    return s;
  }

  /**
   * The least value this dimension takes when every size is at least 1, or null when that is not
   * where its minimum lies (a negative coefficient, a quotient by a size).
   */
  public Long lowerBound() {
    long sum = 0;
    for (Map.Entry<String, Long> e : terms.entrySet()) {
      long term = e.getValue();
      for (String f : factors(e.getKey())) {
        FloorDiv q = FloorDiv.named(f);
        Long num = q == null ? Long.valueOf(1) : q.num().lowerBound();
        if (num == null || (q != null && !(q.den().isConstant() && q.den().constant() > 0))) {
          return null;
        }
        term *= q == null ? 1 : Math.floorDiv(num, q.den().constant());
      }
      if (!e.getKey().isEmpty() && e.getValue() < 0) {
        return null;
      }
      sum += term;
    }
    return sum;
  }

  /** The single symbol this dimension is, or null. */
  public String asSymbol() {
    if (terms.size() != 1) {
      return null;
    }
    Map.Entry<String, Long> e = terms.entrySet().iterator().next();
    return e.getValue() == 1 && !e.getKey().isEmpty() && !e.getKey().contains("*")
        && FloorDiv.named(e.getKey()) == null ? e.getKey() : null;
  }

  /** Replaces symbols by dimensions (unmapped symbols stay), also inside quotients. */
  public Dim substitute(Function<String, Dim> map) {
    Dim out = of(0);
    for (Map.Entry<String, Long> e : terms.entrySet()) {
      Dim term = of(e.getValue());
      for (String f : factors(e.getKey())) {
        FloorDiv q = FloorDiv.named(f);
        Dim d = q != null ? q.num().substitute(map).floorDiv(q.den().substitute(map)) : map.apply(f);
        term = term.times(d == null ? symbol(f) : d);
      }
      out = out.plus(term);
    }
    return out;
  }

  /** Java source: {@code hidden + 1}, {@code C * H * W}, {@code Math.floorDiv(H - 1, 2)}. */
  public String render(Function<String, String> name) {
    return DimText.render(this, name, true);
  }

  /** As the user reads it: {@code hidden + 1}, {@code C*H*W}, {@code (H - 1)/2 + 1}. */
  @Override
  public String toString() {
    return DimText.render(this, s -> s, false).replace(" * ", "*");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dim d && d.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }
}
