package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * The one random source for initialisation ({@link Init}, the layers' defaults) and random data
 * ({@link #rand}, {@link #randn}). {@link #manualSeed(long)} makes everything after it
 * reproducible, run after run and JVM after JVM: the stream is {@link SplittableRandom}'s, and
 * normal samples use Box-Muller on it (no JDK-version-dependent algorithm). The values differ
 * from PyTorch's generator; load a state dict to match PyTorch weights exactly.
 */
public final class Rng {
  private static SplittableRandom random = new SplittableRandom();

  private Rng() {}

  /** Makes subsequent draws reproducible, as {@code torch.manual_seed}. */
  public static synchronized void manualSeed(long seed) {
    random = new SplittableRandom(seed);
  }

  /** Fills {@code out} with samples of {@code U(-bound, bound)}. */
  public static synchronized void uniform(float[] out, double bound) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
  }

  /** Fills {@code out} with samples of {@code U[low, high)} ({@code low <= high}). */
  public static synchronized void uniform(float[] out, double low, double high) {
    float top = (float) high;
    for (int i = 0; i < out.length; i++) {
      float v = (float) (low + (high - low) * random.nextDouble());
      out[i] = v >= top && low < high ? Math.nextDown(top) : v;
    }
  }

  /** Fills {@code out} with samples of {@code N(mean, std^2)} (Box-Muller, pairs of uniforms). */
  public static synchronized void normal(float[] out, double mean, double std) {
    for (int i = 0; i < out.length; i += 2) {
      double r = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
      double theta = 2 * Math.PI * random.nextDouble();
      out[i] = (float) (mean + std * r * Math.cos(theta));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (mean + std * r * Math.sin(theta));
      }
    }
  }

  /** A CPU tensor of samples of {@code U[0, 1)}, as {@code torch.rand}. */
  public static Tensor rand(int... shape) {
    Tensor t = Tensor.zeros(shape);
    return Init.uniform(t, 0, 1);
  }

  /** A CPU tensor of samples of {@code N(0, 1)}, as {@code torch.randn}. */
  public static Tensor randn(int... shape) {
    Tensor t = Tensor.zeros(shape);
    return Init.normal(t, 0, 1);
  }
}
