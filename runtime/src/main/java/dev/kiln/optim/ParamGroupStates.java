package dev.kiln.optim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameter groups as a flat map of doubles ({@code "<g>.params"}, {@code "<g>.<option>"}),
 * PyTorch's {@code state_dict()["param_groups"]}, and back, all or nothing.
 */
final class ParamGroupStates {
  static final String PARAMS = "params";

  private ParamGroupStates() {}

  static Map<String, Double> save(List<ParamGroup> groups) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      ParamGroup group = groups.get(g);
      out.put(g + "." + PARAMS, (double) group.params().size());
      for (Map.Entry<String, Object> e : group.options().entrySet()) {
        Object v = e.getValue();
        out.put(g + "." + e.getKey(),
            v instanceof Boolean ? ((Boolean) v ? 1.0 : 0.0) : (Double) v);
      }
    }
    return out;
  }

  /**
   * Every group's options from {@code saved}; throws IllegalArgumentException listing every
   * problem (group count or size, missing or unexpected key, invalid value).
   */
  static List<Map<String, Object>> parse(Map<String, Double> saved, List<ParamGroup> groups,
      Collection<String> names, String owner) {
    List<String> problems = new ArrayList<>();
    int savedGroups = 0;
    while (saved.containsKey(savedGroups + "." + PARAMS)) {
      savedGroups++;
    }
    if (savedGroups != groups.size()) {
      throw new IllegalArgumentException("cannot load parameter groups into " + owner
          + ": the saved state has " + savedGroups + " parameter groups but the optimizer has "
          + groups.size() + " (the optimizer state is unchanged)");
    }
    Set<String> expected = new LinkedHashSet<>();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      expected.add(g + "." + PARAMS);
      Double size = saved.get(g + "." + PARAMS);
      if (size != null && size != groups.get(g).params().size()) {
        problems.add("parameter group " + g + " has " + size.intValue()
            + " parameters in the saved state but " + groups.get(g).params().size()
            + " in the optimizer");
      }
      Map<String, Object> options = new LinkedHashMap<>();
      for (String name : names) {
        String key = g + "." + name;
        expected.add(key);
        Double v = saved.get(key);
        if (v == null) {
          problems.add("missing key '" + key + "'");
          continue;
        }
        if (Options.isFlag(name)) {
          if (v != 0 && v != 1) {
            problems.add("'" + key + "' must be 0 or 1, got " + v);
          }
          options.put(name, v == 1);
        } else {
          try {
            options.put(name, Options.check(name, v));
          } catch (IllegalArgumentException e) {
            problems.add("'" + key + "': " + e.getMessage());
          }
        }
      }
      out.add(options);
    }
    for (String k : saved.keySet()) {
      if (!expected.contains(k)) {
        problems.add("unexpected key '" + k + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot load parameter groups into " + owner + ": "
          + String.join("; ", problems) + " (the optimizer state is unchanged)");
    }
    return out;
  }

  /** {@code lr=0.1, momentum=0.9, ...} in camel case, numbers as floats, betas as a pair. */
  static String format(Map<String, Object> options) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> e : options.entrySet()) {
      String name = e.getKey();
      Object v = e.getValue();
      String shown = v instanceof Double ? Float.toString((float) (double) (Double) v)
          : String.valueOf(v);
      if (name.equals(Options.BETA1)) {
        parts.add("betas=(" + shown + ", "
            + Float.toString((float) (double) (Double) options.get(Options.BETA2)) + ")");
      } else if (!name.equals(Options.BETA2)) {
        parts.add(Options.camel(name) + "=" + shown);
      }
    }
    return String.join(", ", parts);
  }
}
