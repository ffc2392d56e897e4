package dev.kiln.processor.dims;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Writes a {@link Dim} as Java source or as the user reads it. */
final class DimText {
  private DimText() {}

  static String render(Dim d, Function<String, String> name, boolean java) {
    Map<String, Long> terms = d.terms();
    if (terms.isEmpty()) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    List<String> keys = new ArrayList<>(terms.keySet());
    // Plain names first, then quotients, the constant last: "H + W + (H - 1)/2 + 1".
    keys.sort((x, y) -> x.isEmpty() ? 1 : y.isEmpty() ? -1
        : x.startsWith("{") != y.startsWith("{") ? (x.startsWith("{") ? 1 : -1) : x.compareTo(y));
    for (String k : keys) {
      long c = terms.get(k);
      List<String> fs = new ArrayList<>();
      List<String> raw = Dim.factors(k);
      for (String f : raw) {
        String t = factor(f, name, java);
        fs.add(!java && FloorDiv.named(f) != null && (raw.size() > 1 || Math.abs(c) != 1)
            ? "(" + t + ")" : t);
      }
      String mono = String.join(" * ", fs);
      b.append(b.length() == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
      long a = Math.abs(c);
      b.append(mono.isEmpty() ? Long.toString(a) : (a == 1 ? mono : a + " * " + mono));
    }
    return b.toString();
  }

  private static String factor(String f, Function<String, String> name, boolean java) {
    FloorDiv q = FloorDiv.named(f);
    if (q == null) {
      return name.apply(f);
    }
    String num = render(q.num(), name, java);
    String den = render(q.den(), name, java);
    if (java) {
      return "Math.floorDiv(" + num + ", " + den + ")";
    }
    num = q.num().terms().size() > 1 || num.contains(" * ") ? "(" + num + ")" : num;
    den = q.den().terms().size() > 1 || den.contains(" * ") ? "(" + den + ")" : den;
    return num + "/" + den;
  }
}
