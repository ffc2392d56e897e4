package dev.kiln.examples.bench;

/**
 * How fast this core runs right now: eight independent scalar FMA chains for a few
 * milliseconds, reported in GFLOP/s (best of several windows). On a shared VM the rate moves
 * with the neighbours' load (measured here: about 1.4x between quiet and busy periods, the same
 * swing the rows show), so each row prints the rate before and after it ran.
 */
final class CoreCheck {
  private static final int CHAINS = 8;
  private static float sink;

  private CoreCheck() {}

  /** The best rate over {@code windows} windows of {@code iterations} loop turns each. */
  static double gflops(int windows, int iterations) {
    double best = 0;
    for (int w = 0; w < windows; w++) {
      long t0 = System.nanoTime();
      sink += chains(iterations);
      best = Math.max(best, 2.0 * CHAINS * iterations / (System.nanoTime() - t0));
    }
    return best;
  }

  private static float chains(int iterations) {
    float a = 1.0000001f;
    float b = 0.9999999f;
    float c0 = 0, c1 = 1, c2 = 2, c3 = 3, c4 = 4, c5 = 5, c6 = 6, c7 = 7;
    for (int i = 0; i < iterations; i++) {
      c0 = Math.fma(c0, a, b);
      c1 = Math.fma(c1, a, b);
      c2 = Math.fma(c2, a, b);
      c3 = Math.fma(c3, a, b);
      c4 = Math.fma(c4, a, b);
      c5 = Math.fma(c5, a, b);
      c6 = Math.fma(c6, a, b);
      c7 = Math.fma(c7, a, b);
    }
    return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7;
  }
}
