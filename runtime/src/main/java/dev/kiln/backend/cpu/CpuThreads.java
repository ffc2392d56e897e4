package dev.kiln.backend.cpu;

/**
 * The number of threads the CPU kernels may use, as {@code torch.set_num_threads}: the
 * {@code kiln.threads} system property, else the available processors. Only large matrix
 * products are split, by blocks of the output, so results are identical for every count.
 */
public final class CpuThreads {
  private static volatile int count = initial();

  private CpuThreads() {}

  /** The current thread count (at least 1). */
  public static int get() {
    return count;
  }

  /** Sets the thread count for kernels started from now on. */
  public static void set(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
    }
    count = threads;
  }

  private static int initial() {
    String p = System.getProperty("kiln.threads");
    if (p == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(p.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-Dkiln.threads=" + p + ": expected a positive integer");
  }
}
