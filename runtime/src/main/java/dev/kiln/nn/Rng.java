package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * The one random source for initialisation ({@link Init}, the layers' defaults) and random data
 * ({@link #rand}, {@link #randn}). {@link #manualSeed(long)} makes everything after it
 * reproducible, run after run and JVM after JVM: the stream is that of {@code new
 * SplittableRandom(seed)} (SplitMix64, computed here so that its state can be saved), and normal
 * samples use Box-Muller on it (no JDK-version-dependent algorithm). {@link #state()} and {@link
 * #setState(long)} save and restore the position in the stream, for checkpoints. The values
 * differ from PyTorch's generator; load a state dict to match PyTorch weights exactly.
 */
public final class Rng {
  private static final long GAMMA = 0x9e3779b97f4a7c15L;
  private static long seed = new SplittableRandom().nextLong();

  private Rng() {}

  /** Makes subsequent draws reproducible, as {@code torch.manual_seed}. */
  public static synchronized void manualSeed(long seed) {
    Rng.seed = seed;
  }

  /** The generator's whole state, as {@code torch.get_rng_state()}: restore it with setState. */
  public static synchronized long state() {
    return seed;
  }

  /** Continues the stream from a {@link #state()}, as {@code torch.set_rng_state}. */
  public static synchronized void setState(long state) {
    seed = state;
  }

  /** The next double of {@code U[0, 1)}: SplittableRandom's nextDouble. */
  private static double nextDouble() {
    long z = seed += GAMMA;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return ((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53;
  }

  /** The next 64 random bits (SplitMix64's output), e.g. the seed of one dropout mask. */
  static synchronized long nextLong() {
    long z = seed += GAMMA;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Fills {@code out} with samples of {@code U(-bound, bound)}. */
  public static synchronized void uniform(float[] out, double bound) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((nextDouble() * 2 - 1) * bound);
    }
  }

  /** Fills {@code out} with samples of {@code U[low, high)} ({@code low <= high}). */
  public static synchronized void uniform(float[] out, double low, double high) {
    float top = (float) high;
    for (int i = 0; i < out.length; i++) {
      float v = (float) (low + (high - low) * nextDouble());
      out[i] = v >= top && low < high ? Math.nextDown(top) : v;
    }
  }

  /** Fills {@code out} with samples of {@code N(mean, std^2)} (Box-Muller, pairs of uniforms). */
  public static synchronized void normal(float[] out, double mean, double std) {
    for (int i = 0; i < out.length; i += 2) {
      double r = Math.sqrt(-2 * Math.log(1 - nextDouble()));
      double theta = 2 * Math.PI * nextDouble();
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
