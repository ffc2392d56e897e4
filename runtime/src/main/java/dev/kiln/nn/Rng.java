package dev.kiln.nn;

import java.util.SplittableRandom;

/**
 * The random source for default initialisation. Seed it with {@link #manualSeed(long)} for
 * reproducible weights (the values differ from PyTorch's generator; load a state dict to match).
 */
public final class Rng {
  private static SplittableRandom random = new SplittableRandom();

  private Rng() {}

  /** Makes subsequent initialisations reproducible. */
  public static synchronized void manualSeed(long seed) {
    random = new SplittableRandom(seed);
  }

  /** Fills {@code out} with samples of {@code U(-bound, bound)}. */
  public static synchronized void uniform(float[] out, double bound) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
  }
}
