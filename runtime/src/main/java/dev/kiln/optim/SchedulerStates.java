package dev.kiln.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Checks a saved scheduler state against the keys a scheduler writes, all or nothing. */
final class SchedulerStates {
  private SchedulerStates() {}

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
