package dev.kiln.examples.text;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014; the constants of {@link java.util.SplittableRandom}):
 * the text flagship's batch order and sampling draws, small enough to write again in Python
 * ({@code tools/fixtures/char_data.py}) so that Kiln and PyTorch see the same batches.
 *
 * <pre>
 * state += 0x9E3779B97F4A7C15
 * z = state
 * z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 * z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 * return z ^ (z >>> 31)
 * </pre>
 *
 * (all arithmetic modulo 2^64). Seed 0 gives 0xE220A8397B1DCDAF first.
 */
public final class SplitMix64 {
  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 bits. */
  public long next() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code next()} read as unsigned, modulo {@code bound} (a positive int). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    return (int) Long.remainderUnsigned(next(), bound);
  }

  /** Uniform in {@code [0, 1)}: the top 53 bits of {@code next()} times 2^-53. */
  public double nextDouble() {
    return (next() >>> 11) * 0x1.0p-53;
  }
}
