package dev.kiln.processor.ir;

import dev.kiln.processor.dims.Shape;

/**
 * A tensor the forward computes or receives: its Java name in the generated plan, its symbolic
 * shape, the input position ({@code -1} if computed) and how the user wrote it.
 */
public record Value(String name, Shape shape, int input, String source) {
  public boolean isInput() {
    return input >= 0;
  }
}
