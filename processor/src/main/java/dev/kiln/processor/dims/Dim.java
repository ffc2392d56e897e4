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
 * A symbolic dimension: a polynomial with integer coefficients over named sizes, kept in a
 * normal form so that {@code C*H*W} and {@code W*H*C}, or {@code hidden + 1} and
 * {@code 1 + hidden}, are equal.
 */
public final class Dim {
  /** Monomial (sorted symbol names joined by {@code *}; "" for the constant) to coefficient. */
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

  private static String monomial(String a, String b) {
    List<String> f = new ArrayList<>();
    for (String s : (a + "*" + b).split("\\*")) {
      if (!s.isEmpty()) {
        f.add(s);
      }
    }
    Collections.sort(f);
    return String.join("*", f);
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

  /** The symbol names this dimension mentions. */
  public Set<String> symbols() {
    Set<String> s = new TreeSet<>();
    for (String m : terms.keySet()) {
      for (String f : m.split("\\*")) {
        if (!f.isEmpty()) {
          s.add(f);
        }
      }
    }
    return s;
  }

  /** The single symbol this dimension is, or null. */
  public String asSymbol() {
    return terms.size() == 1 && terms.getOrDefault(symbols().stream().findFirst().orElse("#"), 0L) == 1
        ? symbols().iterator().next() : null;
  }

  /** Replaces symbols by dimensions (unmapped symbols stay). */
  public Dim substitute(Function<String, Dim> map) {
    Dim out = of(0);
    for (Map.Entry<String, Long> e : terms.entrySet()) {
      Dim term = of(e.getValue());
      for (String f : e.getKey().split("\\*")) {
        if (!f.isEmpty()) {
          Dim d = map.apply(f);
          term = term.times(d == null ? symbol(f) : d);
        }
      }
      out = out.plus(term);
    }
    return out;
  }

  /** Source text: {@code hidden + 1}, {@code C*H*W}; symbols renamed by {@code name}. */
  public String render(Function<String, String> name) {
    if (terms.isEmpty()) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    List<String> keys = new ArrayList<>(terms.keySet());
    keys.sort((x, y) -> x.isEmpty() ? 1 : y.isEmpty() ? -1 : x.compareTo(y));
    for (String k : keys) {
      long c = terms.get(k);
      String mono = k.isEmpty() ? "" : String.join(" * ", k.split("\\*")).transform(s -> rename(s, name));
      b.append(b.length() == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
      long a = Math.abs(c);
      b.append(mono.isEmpty() ? Long.toString(a) : (a == 1 ? mono : a + " * " + mono));
    }
    return b.toString();
  }

  private static String rename(String mono, Function<String, String> name) {
    List<String> out = new ArrayList<>();
    for (String f : mono.split(" \\* ")) {
      out.add(name.apply(f));
    }
    return String.join(" * ", out);
  }

  @Override
  public String toString() {
    return render(s -> s).replace(" * ", "*");
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
