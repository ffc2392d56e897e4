package dev.kiln.processor.shape;

import java.util.HashSet;
import java.util.Set;

/** Unique Java names for the plan's values, avoiding the model's own member names. */
final class ValueNames {
  private final Set<String> taken = new HashSet<>(Set.of("k", "device", "dOut", "dInputs", "plan"));
  private int temps;

  void reserve(String name) {
    taken.add(name);
    taken.add(name + "Grad");
  }

  /** {@code hint}, or {@code hint2}, {@code hint3}...; a temporary {@code t1}... for null. */
  String fresh(String hint) {
    String base = hint == null ? "t" + ++temps : hint;
    String name = base;
    for (int i = 2; taken.contains(name) || taken.contains(name + "Grad"); i++) {
      name = base + i;
    }
    reserve(name);
    return name;
  }
}
