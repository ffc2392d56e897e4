package dev.kiln.compiled;

import dev.kiln.nn.Module;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A compiled model's forward body run eagerly ({@code forwardEager}), in which a nested
 * compiled model may be called more than once ({@code enc.forward(a).sub(enc.forward(b))}):
 * its second and later calls get call sites of their own ({@link SiteForward}), so an earlier
 * call's output and its buffers for backward are not overwritten. Outside such a body, calls
 * use the model's usual plans; a compiled parent's calls use the sites its plans own
 * ({@link SiteForward}).
 */
public final class EagerScope {
  /** Sites of eager calls start here, apart from those a compiled parent numbers from 1. */
  static final int FIRST_SITE = 1024;
  private static final ThreadLocal<EagerScope> CURRENT = new ThreadLocal<>();
  private final Map<Module, int[]> calls = new IdentityHashMap<>();

  private EagerScope() {}

  /**
   * Runs {@code body} (a forward body, eagerly): in a new scope, or in the one already open on
   * this thread (a nested model's eager body inside another's), so that every call of a model
   * in the outermost eager forward has a number of its own.
   */
  public static <T> T run(Supplier<T> body) {
    if (CURRENT.get() != null) {
      return body.get();
    }
    CURRENT.set(new EagerScope());
    try {
      return body.get();
    } finally {
      CURRENT.remove();
    }
  }

  /**
   * The call site for this call of {@code model}: 0 (its usual plans) outside an eager forward
   * body and for its first call in one, a site of its own for each later call.
   */
  public static int site(Module model) {
    EagerScope s = CURRENT.get();
    if (s == null) {
      return 0;
    }
    int n = s.calls.computeIfAbsent(model, m -> new int[1])[0]++;
    return n == 0 ? 0 : FIRST_SITE + n;
  }
}
