package dev.kiln.io;

import java.util.LinkedHashMap;
import java.util.Map;

/** A checkpoint's {@code __metadata__}: counters, Rng state and optimizer, as strings. */
record CheckpointInfo(long epoch, long step, long rngState, String optimizer, float lr) {
  static final String MODEL = "model.";
  static final String OPTIMIZER = "optimizer.";
  static final String SCHEDULER = "scheduler.";
  static final String PARAM_GROUPS = "optimizer.param_groups.";
  static final String FORMAT = "kiln.checkpoint";
  static final String VERSION = "1";

  Map<String, String> toMetadata(String optimizerRepr) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(FORMAT, VERSION);
    m.put("epoch", Long.toString(epoch));
    m.put("step", Long.toString(step));
    m.put("rng_state", Long.toString(rngState));
    m.put("optimizer", optimizer);
    m.put("optimizer.lr", Float.toString(lr));
    m.put("optimizer.repr", optimizerRepr);
    return m;
  }

  static CheckpointInfo parse(Map<String, String> m, String source) throws SafeTensorsException {
    if (!VERSION.equals(m.get(FORMAT))) {
      throw Header.fail(source, "not a Kiln checkpoint: __metadata__ has no " + FORMAT + " = "
          + VERSION);
    }
    String lr = required(m, "optimizer.lr", source);
    float value;
    try {
      value = Float.parseFloat(lr);
    } catch (NumberFormatException e) {
      value = Float.NaN;
    }
    if (!(value >= 0) || Float.isInfinite(value)) {
      throw Header.fail(source, "checkpoint metadata 'optimizer.lr' is '" + lr
          + "', not a learning rate");
    }
    return new CheckpointInfo(number(m, "epoch", source), number(m, "step", source),
        number(m, "rng_state", source), required(m, "optimizer", source), value);
  }

  /** The {@code scheduler.<key>} entries, parsed as doubles. */
  static Map<String, Double> schedulerState(Map<String, String> m, String source)
      throws SafeTensorsException {
    return doubles(m, SCHEDULER, source);
  }

  /** The {@code optimizer.param_groups.<key>} entries (Optimizer.paramGroupsState()). */
  static Map<String, Double> paramGroups(Map<String, String> m, String source)
      throws SafeTensorsException {
    return doubles(m, PARAM_GROUPS, source);
  }

  private static Map<String, Double> doubles(Map<String, String> m, String prefix, String source)
      throws SafeTensorsException {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        try {
          out.put(e.getKey().substring(prefix.length()), Double.parseDouble(e.getValue()));
        } catch (NumberFormatException ex) {
          throw Header.fail(source, "checkpoint metadata '" + e.getKey() + "' is '"
              + e.getValue() + "', not a number");
        }
      }
    }
    return out;
  }

  private static long number(Map<String, String> m, String key, String source)
      throws SafeTensorsException {
    String v = required(m, key, source);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Header.fail(source, "checkpoint metadata '" + key + "' is '" + v
          + "', not an integer");
    }
  }

  private static String required(Map<String, String> m, String key, String source)
      throws SafeTensorsException {
    String v = m.get(key);
    if (v == null) {
      throw Header.fail(source, "checkpoint metadata '" + key + "' is missing");
    }
    return v;
  }
}
