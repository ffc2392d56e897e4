package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The erf, exp and expm1 under the GELU, SiLU and ELU kernels against double references: erf
 * within 2 ulp on [-6, 6] (vectorised and scalar), the activations within a few ulp of their
 * double values, expm1 accurate near 0, NaN passing through.
 */
class SmoothActivationsTest {
  /** erf in double: Taylor series below 3, continued fraction of erfc above. */
  static double erf(double x) {
    double a = Math.abs(x);
    double r;
    if (a < 3) {
      double term = a;
      double sum = a;
      for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
        term *= -a * a / n;
        sum += term / (2 * n + 1);
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double f = a;
      for (int k = 80; k >= 1; k--) {
        f = a + (k / 2.0) / f;
      }
      r = 1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
    }
    return Math.copySign(r, x);
  }

  private static float[] grid(int n, float lo, float hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = lo + (hi - lo) * i / (n - 1);
    }
    return x;
  }

  private static void vectorErf(float[] x, float[] y) {
    int n = x.length / 8 * 8; // the vector loop only, no scalar tail
    VectorMath.erf(x, y, new float[n], n);
  }

  @Test
  void erfIsWithinTwoUlps() {
    float[] x = grid(480_001, -6f, 6f);
    float[] v = new float[x.length + 7];
    vectorErf(java.util.Arrays.copyOf(x, v.length), v);
    double worstVector = 0;
    double worstScalar = 0;
    for (int i = 0; i < x.length; i++) {
      double e = erf(x[i]);
      double ulp = Math.ulp((float) Math.abs(e));
      worstVector = Math.max(worstVector, Math.abs(v[i] - e) / ulp);
      worstScalar = Math.max(worstScalar, Math.abs(SmoothActivations.erf(x[i]) - e) / ulp);
    }
    assertTrue(worstVector <= 2, "vector erf: " + worstVector + " ulp");
    assertTrue(worstScalar <= 2, "scalar erf: " + worstScalar + " ulp");
    float[] special = {0f, -0f, 1e-30f, -1e-20f, 10f, -10f, 1e30f, Float.NaN, 0, 0, 0, 0, 0, 0, 0,
        0};
    float[] out = new float[special.length];
    vectorErf(special, out);
    float[] want = {0f, -0f, (float) (1e-30 * 2 / Math.sqrt(Math.PI)), (float) (-1e-20 * 2
        / Math.sqrt(Math.PI)), 1f, -1f, 1f, Float.NaN};
    for (int i = 0; i < want.length; i++) {
      assertUlps(want[i], out[i], 1, "erf(" + special[i] + ")");
      assertUlps(want[i], SmoothActivations.erf(special[i]), 1, "scalar erf(" + special[i] + ")");
    }
  }

  @Test
  void activationsMatchDoubleReferences() {
    float[] x = grid(200_003, -12f, 12f);
    float[] y = new float[x.length];
    double beta = Math.sqrt(2 / Math.PI);
    String[] names = {"gelu", "gelu tanh", "silu", "elu"};
    for (String name : names) {
      switch (name) {
        case "gelu" -> SmoothActivations.gelu(x, false, y);
        case "gelu tanh" -> SmoothActivations.gelu(x, true, y);
        case "silu" -> SmoothActivations.silu(x, y);
        default -> SmoothActivations.elu(x, 1f, y);
      }
      double worst = 0;
      for (int i = 0; i < x.length; i++) {
        double v = x[i];
        double e = switch (name) {
          case "gelu" -> 0.5 * v * (1 + erf(v / Math.sqrt(2)));
          case "gelu tanh" -> 0.5 * v * (1 + Math.tanh(beta * (v + 0.044715 * v * v * v)));
          case "silu" -> v / (1 + Math.exp(-v));
          default -> v > 0 ? v : Math.expm1(v);
        };
        // a few ulp of the result, or of x where the formula cancels (1 + erf(x) for x < 0)
        double err = Math.abs(y[i] - e) / (Math.ulp((float) Math.abs(e)) + 1e-7 * Math.abs(v));
        worst = Math.max(worst, err);
        if (err > 4) {
          fail(name + "(" + x[i] + ") = " + y[i] + ", double " + e);
        }
      }
    }
  }

  private static void assertUlps(float want, float got, int ulps, String what) {
    if (Float.isNaN(want) || Float.isNaN(got)) {
      assertEquals(Float.isNaN(want), Float.isNaN(got), what + ": " + got);
    } else {
      assertEquals(want, got, ulps * Math.ulp(want), what);
    }
  }

  @Test
  void eluIsAccurateNearZeroAndNaNPasses() {
    float[] x = {-1e-7f, -3e-4f, -0.2f, -0.34f, -0.35f, -1f, -30f, -200f, Float.NaN, 2f, -1e-38f};
    float[] y = new float[x.length];
    VectorSmoothActivations.elu(x, 1f, y);
    for (int i = 0; i < x.length; i++) {
      float want = x[i] > 0 ? x[i] : (float) Math.expm1(x[i]);
      assertUlps(want, y[i], 2, "elu(" + x[i] + ")");
    }
    float[] g = new float[16];
    float[] nan = new float[16];
    java.util.Arrays.fill(nan, Float.NaN);
    VectorSmoothActivations.gelu(nan, false, g);
    assertTrue(Float.isNaN(g[0]) && Float.isNaN(g[15]));
    VectorSmoothActivations.silu(nan, g);
    assertTrue(Float.isNaN(g[0]) && Float.isNaN(g[15]));
  }
}
