package dev.kiln.tensor;

import java.util.function.Supplier;

/**
 * Whether ops record their backward. {@code try (var g = GradMode.noGrad()) { ... }} evaluates
 * without recording, as PyTorch's {@code torch.no_grad()}.
 */
public final class GradMode implements AutoCloseable {
  private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);
  private final boolean previous;

  private GradMode(boolean enabled) {
    previous = ENABLED.get();
    ENABLED.set(enabled);
  }

  /** Disables recording until {@link #close()}. */
  public static GradMode noGrad() {
    return new GradMode(false);
  }

  /**
   * Evaluates {@code body} without recording and returns its result, e.g.
   * {@code Tensor logits = GradMode.noGrad(() -> model.forward(x));} (no try block, so no
   * {@code -Xlint:try} warning).
   */
  public static <T> T noGrad(Supplier<T> body) {
    boolean previous = ENABLED.get();
    ENABLED.set(false);
    try {
      return body.get();
    } finally {
      ENABLED.set(previous);
    }
  }

  /** Sets recording on or off and returns the previous setting; allocates nothing. */
  static boolean swap(boolean enabled) {
    boolean previous = ENABLED.get();
    ENABLED.set(enabled);
    return previous;
  }

  public static boolean isEnabled() {
    return ENABLED.get();
  }

  /** True when an op on this input must be recorded; allocates nothing. */
  public static boolean recording(Tensor input) {
    return isEnabled() && input != null && input.requiresGrad();
  }

  /** True when an op on these inputs must be recorded. */
  public static boolean recording(Tensor... inputs) {
    if (!isEnabled()) {
      return false;
    }
    for (Tensor t : inputs) {
      if (t != null && t.requiresGrad()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    ENABLED.set(previous);
  }
}
