package dev.kiln.processor.parse;

import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.ShapeParser;
import java.util.List;

/** A {@code @ShapeContract} condition: {@code left op right}, with its message and source. */
public record Condition(Dim left, String op, Dim right, String message, String source) {
  private static final List<String> OPS = List.of("==", "!=", ">=", "<=", ">", "<");

  /** Parses {@code "inChannels % groups == 0: in_channels must be divisible by groups"}. */
  static Condition parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("condition '" + text + "' has no ': message'");
    }
    String cond = text.substring(0, colon).trim();
    for (String op : OPS) {
      int at = cond.indexOf(op);
      if (at > 0) {
        return new Condition(one(cond.substring(0, at)), op, one(cond.substring(at + op.length())),
            text.substring(colon + 1).trim(), cond);
      }
    }
    throw new IllegalArgumentException("condition '" + cond + "' has none of == != >= <= > <");
  }

  private static Dim one(String side) {
    List<Dim> d = ShapeParser.parse(side).dims();
    if (d.size() != 1 || ShapeParser.parse(side).star()) {
      throw new IllegalArgumentException("'" + side.trim() + "' is not one size expression");
    }
    return d.get(0);
  }
}
