package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;

/**
 * Sample statistics of a tensor's elements, and the checks the initialiser tests share.
 *
 * <p>Tolerances come from the sample size {@code n}. The sample mean has standard error
 * {@code sigma / sqrt(n)}; the sample standard deviation has standard error {@code sigma *
 * sqrt((kurtosis - 1) / 4n)}, i.e. {@code 0.45 sigma / sqrt(n)} for a uniform (kurtosis 9/5) and
 * {@code 0.71 sigma / sqrt(n)} for a normal (kurtosis 3). Both are asserted within {@code 6 sigma
 * / sqrt(n)}: at least 6 standard errors, so a correct sampler fails with probability below
 * {@code 1e-8} for any seed, while for {@code n = 131072} (256 x 512) the band is 1.7% of sigma,
 * far tighter than the factor-of-2 error of a wrong fan or gain. For a uniform on {@code [a, b)}
 * every sample lies in the interval, and {@code P(min > a + 20 (b - a) / n) = (1 - 20/n)^n ~
 * e^-20}, so min and max must each lie within {@code 20 (b - a) / n} of the bounds.
 */
record SampleStats(int n, double mean, double std, float min, float max, double withinOneStd) {
  static final double SIGMAS = 6;
  static final double EDGE = 20;

  static SampleStats of(Tensor t) {
    float[] v = t.toFloatArray();
    double sum = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    double mean = sum / v.length;
    double ss = 0;
    for (float x : v) {
      ss += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(ss / (v.length - 1));
    int within = 0;
    for (float x : v) {
      within += Math.abs(x - mean) <= std ? 1 : 0;
    }
    return new SampleStats(v.length, mean, std, min, max, (double) within / v.length);
  }

  /** Asserts a sample of {@code U[a, b)}: bounds, extremes, mean and std. */
  static void assertUniform(Tensor t, double a, double b) {
    SampleStats s = of(t);
    double sigma = (b - a) / Math.sqrt(12);
    assertTrue(s.min >= (float) a && s.max < (float) b, "outside [a, b): " + s);
    assertTrue(s.min <= a + EDGE * (b - a) / s.n, "min far from " + a + ": " + s);
    assertTrue(s.max >= b - EDGE * (b - a) / s.n, "max far from " + b + ": " + s);
    assertMoments(s, (a + b) / 2, sigma);
  }

  /**
   * Asserts a sample of {@code N(mean, std^2)}: mean, std, and the fraction within one std
   * (0.6827; binomial standard error {@code sqrt(p (1 - p) / n)}, asserted within 6 of them).
   */
  static void assertNormal(Tensor t, double mean, double std) {
    SampleStats s = of(t);
    assertMoments(s, mean, std);
    double p = 0.682689;
    assertEquals(p, s.withinOneStd, SIGMAS * Math.sqrt(p * (1 - p) / s.n), "not normal: " + s);
  }

  private static void assertMoments(SampleStats s, double mean, double sigma) {
    double tol = SIGMAS * sigma / Math.sqrt(s.n);
    assertEquals(mean, s.mean, tol, "mean: " + s);
    assertEquals(sigma, s.std, tol, "std: " + s);
  }
}
