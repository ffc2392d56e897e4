package dev.kiln.optim;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates and copies a saved optimizer state ({@code "<index>.<name>"} keys), all or nothing. */
final class OptimizerStates {
  private static final Pattern KEY = Pattern.compile("(0|[1-9][0-9]{0,8})\\.(.+)");
  private static final String STEP = "step";

  private OptimizerStates() {}

  /**
   * The per-parameter state held by {@code saved} ({@code names.get(i)}: the state names of
   * parameter {@code i} under its group's options), copied; throws IllegalArgumentException
   * listing every problem (nothing is returned, so nothing changes) when it does not fit.
   */
  static List<Map<String, Tensor>> parse(Map<String, ? extends Tensor> saved, List<Tensor> params,
      List<List<String>> names, String owner) {
    List<String> problems = new ArrayList<>();
    List<Set<String>> present = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      present.add(new LinkedHashSet<>());
    }
    for (Map.Entry<String, ? extends Tensor> e : saved.entrySet()) {
      String key = e.getKey();
      Matcher m = key == null ? null : KEY.matcher(key);
      if (m == null || !m.matches() || Long.parseLong(m.group(1)) >= params.size()
          || !names.get(Integer.parseInt(m.group(1))).contains(m.group(2))) {
        problems.add("unexpected key '" + key + "'");
        continue;
      }
      int i = Integer.parseInt(m.group(1));
      String name = m.group(2);
      present.get(i).add(name);
      Tensor t = e.getValue();
      int[] expected = name.equals(STEP) ? new int[0] : params.get(i).shape();
      if (t == null) {
        problems.add("'" + key + "' is null");
      } else if (!Arrays.equals(t.shape(), expected)) {
        problems.add("'" + key + "' has shape " + Shapes.toString(t.shape()) + " but "
            + (name.equals(STEP) ? "a step count" : "parameter " + i) + " has shape "
            + Shapes.toString(expected));
      } else if (name.equals(STEP)) {
        float v = t.item();
        if (!(v >= 0 && v <= (1 << 24) && v == Math.rint(v))) {
          problems.add("'" + key + "' must hold a whole number >= 0, got " + v);
        }
      }
    }
    for (int i = 0; i < params.size(); i++) {
      if (!present.get(i).isEmpty()) {
        for (String name : names.get(i)) {
          if (!present.get(i).contains(name)) {
            problems.add("missing key '" + i + "." + name + "'");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot load optimizer state into "
          + owner + ": " + String.join("; ", problems)
          + " (the optimizer state is unchanged)");
    }
    List<Map<String, Tensor>> loaded = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Map<String, Tensor> s = new LinkedHashMap<>();
      Tensor p = params.get(i);
      for (String name : names.get(i)) {
        Tensor src = saved.get(i + "." + name);
        if (src == null) {
          continue;
        }
        if (name.equals(STEP)) {
          s.put(name, Tensor.scalar(src.item()));
        } else {
          Tensor dst = p.device().zeros(p.shape());
          p.device().kernels().copy(src.to(p.device()), dst);
          s.put(name, dst);
        }
      }
      loaded.add(s);
    }
    return loaded;
  }
}
