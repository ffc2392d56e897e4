package dev.kiln.backend.cpu;

/**
 * The number of threads the CPU kernels may use, as {@code torch.set_num_threads}: the
 * {@code kiln.threads} system property, else the available processors. Only large matrix
 * products are split, by blocks of the output, so results are identical for every count.
 */
public final class CpuThreads {
  private static volatile int count;

  private CpuThreads() {}

  /**
   * The current thread count (at least 1).
   *
   * @throws IllegalArgumentException if {@code kiln.threads} is not a positive integer
   */
  public static int get() {
    int n = count;
    if (n == 0) {
      n = parse(System.getProperty("kiln.threads"));
      count = n;
    }
    return n;
  }

  /** Sets the thread count for kernels started from now on. */
  public static void set(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
    }
    count = threads;
  }

  /** The count a {@code kiln.threads} value asks for; null means the available processors. */
  static int parse(String property) {
    if (property == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(property.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "-Dkiln.threads=" + property + ": expected a positive integer number of threads");
  }
}
