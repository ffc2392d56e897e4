package dev.kiln.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Checks a saved scheduler state against the keys a scheduler writes, all or nothing. */
final class SchedulerStates {
  private SchedulerStates() {}

  /** {@code name} for group 0 (the single-group key), {@code name.<g>} for the others. */
  static String key(String name, int g) {
    return g == 0 ? name : name + "." + g;
  }

  static void putPerGroup(Map<String, Double> out, String name, double[] values) {
    for (int g = 0; g < values.length; g++) {
      out.put(key(name, g), values[g]);
    }
  }

  static double[] perGroup(Map<String, Double> saved, String name, int groups) {
    double[] out = new double[groups];
    for (int g = 0; g < groups; g++) {
      out[g] = saved.get(key(name, g));
    }
    return out;
  }

  static void check(Map<String, Double> saved, Set<String> expected, String owner) {
    Objects.requireNonNull(saved, "saved");
    List<String> problems = new ArrayList<>();
    for (String k : expected) {
      Double v = saved.get(k);
      if (v == null) {
        problems.add("missing key '" + k + "'");
      } else if (!Double.isFinite(v) && !k.equals("best")) {
        problems.add("'" + k + "' is " + v);
      }
    }
    for (String k : saved.keySet()) {
      if (!expected.contains(k)) {
        problems.add("unexpected key '" + k + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot load scheduler state into " + owner + ": "
          + String.join("; ", problems) + " (the scheduler state is unchanged)");
    }
  }
}
