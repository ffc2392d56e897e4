package dev.kiln.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimizer options by PyTorch's {@code param_groups} key, and their validation (PyTorch's
 * messages). Numbers are held as doubles {@linkplain #widen widened} from the float given, flags
 * as booleans; Adam's {@code betas} pair is held as {@code beta1} and {@code beta2}.
 */
final class Options {
  static final String LR = "lr";
  static final String MOMENTUM = "momentum";
  static final String DAMPENING = "dampening";
  static final String WEIGHT_DECAY = "weight_decay";
  static final String NESTEROV = "nesterov";
  static final String MAXIMIZE = "maximize";
  static final String BETA1 = "beta1";
  static final String BETA2 = "beta2";
  static final String EPS = "eps";
  static final String AMSGRAD = "amsgrad";
  static final String ALPHA = "alpha";
  static final String CENTERED = "centered";
  static final String LR_DECAY = "lr_decay";
  static final String INITIAL_ACCUMULATOR_VALUE = "initial_accumulator_value";

  private Options() {}

  /** An ordered map of the given name/value pairs (an optimizer's defaults). */
  static Map<String, Object> of(Object... nameValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.put((String) nameValues[i], nameValues[i + 1]);
    }
    return m;
  }

  static boolean isFlag(String name) {
    return name.equals(NESTEROV) || name.equals(MAXIMIZE) || name.equals(AMSGRAD)
        || name.equals(CENTERED);
  }

  /** {@code value} widened to the double it was written as ({@code 0.9f} to {@code 0.9}). */
  static double widen(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /** Validates a float option and returns it widened. */
  static double number(String name, float value) {
    if (Float.isNaN(value)) {
      throw invalid(name, value);
    }
    return check(name, widen(value));
  }

  /** Validates a number option (as a double, e.g. from a checkpoint); returns it. */
  static double check(String name, double value) {
    boolean ok;
    switch (name) {
      case DAMPENING:
        ok = Double.isFinite(value);
        break;
      case BETA1:
      case BETA2:
        ok = value >= 0 && value < 1;
        break;
      default:
        ok = value >= 0 && !Double.isInfinite(value);
    }
    if (!ok) {
      throw invalid(name, value);
    }
    return value;
  }

  private static IllegalArgumentException invalid(String name, double value) {
    String shown = Float.toString((float) value);
    switch (name) {
      case LR:
        return new IllegalArgumentException("Invalid learning rate: " + shown);
      case EPS:
        return new IllegalArgumentException("Invalid epsilon value: " + shown);
      case BETA1:
        return new IllegalArgumentException("Invalid beta parameter at index 0: " + shown);
      case BETA2:
        return new IllegalArgumentException("Invalid beta parameter at index 1: " + shown);
      case INITIAL_ACCUMULATOR_VALUE:
        return new IllegalArgumentException("Invalid initial_accumulator_value: " + shown);
      default:
        return new IllegalArgumentException("Invalid " + name + " value: " + shown);
    }
  }

  /** PyTorch's key in Kiln's camel case ({@code weight_decay} to {@code weightDecay}). */
  static String camel(String name) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
