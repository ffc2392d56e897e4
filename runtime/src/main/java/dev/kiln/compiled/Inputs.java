package dev.kiln.compiled;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/** Run-time checks of a compiled model's inputs against their {@code @Shape} and of its sizes. */
public final class Inputs {
  private Inputs() {}

  /** Checks that {@code x} has {@code rank} dimensions. */
  public static void rank(String model, String param, String pattern, Tensor x, int rank) {
    if (x.dim() != rank) {
      throw new IllegalArgumentException(model + ".forward: " + param + " must have shape ("
          + pattern + ") but has shape " + Shapes.toString(x.shape()));
    }
  }

  /** Throws for an {@code x} whose dimensions differ from {@code expected}. */
  public static void mismatch(String model, String param, String pattern, Tensor x,
      int... expected) {
    throw new IllegalArgumentException(model + ".forward: " + param + " must have shape ("
        + pattern + ") = " + Shapes.toString(expected) + " but has shape "
        + Shapes.toString(x.shape()));
  }

  /**
   * A check of a size condition the compiler could not decide, made at construction or when a
   * plan for new input sizes is made; the message gets both sides' values.
   */
  public static void require(boolean holds, String message, long left, long right) {
    if (!holds) {
      throw new IllegalArgumentException(message + " (here " + left + " vs " + right + ")");
    }
  }

  /**
   * Checks, when a plan is made, that a layer computes the output shape its
   * {@code @ShapeContract} promised the compiler; a layer whose contract disagrees with its
   * {@code outputShape} fails here rather than writing a wrongly sized buffer.
   */
  public static void output(String model, String layer, int[] actual, int... promised) {
    if (!java.util.Arrays.equals(actual, promised)) {
      throw new IllegalStateException(model + ": " + layer + " computes output "
          + Shapes.toString(actual) + " but its @ShapeContract promised "
          + Shapes.toString(promised) + "; fix the layer's contract");
    }
  }

  /**
   * As {@link #output} for a several-output layer: {@code actual} from its {@code outputShapes},
   * {@code promised} from its contract, in the same order.
   */
  public static void outputs(String model, String layer, int[][] actual, int[]... promised) {
    for (int i = 0; i < promised.length; i++) {
      output(model, layer + " (output " + i + ")", i < actual.length ? actual[i] : null,
          promised[i]);
    }
  }

  /** A construction-time check of a size equality the compiler could not decide. */
  public static void require(boolean holds, String message) {
    if (!holds) {
      throw new IllegalArgumentException(message);
    }
  }
}
