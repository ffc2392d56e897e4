package dev.kiln.processor.ir;

import dev.kiln.processor.dims.Shape;
import java.util.Map;

/**
 * A forward input: its name, {@code @Shape} text, symbolic shape, and which dimension binds
 * each input symbol (e.g. {@code B -> 0}).
 */
public record Input(String name, String pattern, Shape shape, Map<String, Integer> binds) {
  public Input {
    binds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(binds));
  }
}
