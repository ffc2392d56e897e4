package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vectorised activations against {@link Math} in double, on lengths with a scalar tail. */
class ActivationKernelsTest {
  private static float[] inputs(int n) {
    Random r = new Random(n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 10 : 1));
    }
    x[0] = 0f;
    if (n > 15) {
      x[3] = Float.NaN;
      x[5] = 1e-30f;
      x[8] = -100f;
      x[9] = 100f;
      x[10] = 0.4f;
      x[11] = Math.nextDown(0.4f);
      x[12] = -0.4f;
      x[13] = -0f;
      x[14] = Float.POSITIVE_INFINITY;
      x[15] = -1e-6f;
    }
    return x;
  }

  @Test
  void tanhAndSigmoidAreWithinTwoUlps() {
    for (int n : new int[] {1, 7, 8, 13, 16, 1000, 200_001}) {
      float[] x = inputs(n);
      float[] t = new float[n];
      float[] s = new float[n];
      Activations.tanh(x, t);
      Activations.sigmoid(x, s);
      for (int i = 0; i < n; i++) {
        float wantT = (float) Math.tanh(x[i]);
        float wantS = (float) (1 / (1 + Math.exp(-(double) x[i])));
        assertClose(wantT, t[i], "tanh(" + x[i] + ")");
        assertEquals(Math.copySign(1f, wantT), Math.copySign(1f, t[i]),
            "sign of tanh(" + x[i] + ")");
        assertClose(wantS, s[i], "sigmoid(" + x[i] + ")");
      }
    }
  }

  @Test
  void reluKeepsPositivesAndNaN() {
    float[] x = inputs(21);
    float[] y = new float[21];
    Activations.relu(x, y);
    for (int i = 0; i < 21; i++) {
      float want = Float.isNaN(x[i]) ? Float.NaN : x[i] > 0 ? x[i] : 0f;
      assertEquals(want, y[i], 0f, "relu(" + x[i] + ")");
    }
  }

  @Test
  void reluBackwardPassesGradientWherePositive() {
    float[] x = inputs(21);
    float[] dy = inputs(22);
    float[] dx = new float[21];
    java.util.Arrays.fill(dx, 0.5f);
    Activations.reluBackward(x, dy, dx);
    for (int i = 0; i < 21; i++) {
      assertEquals(x[i] > 0 ? 0.5f + dy[i] : 0.5f, dx[i], 0f, "relu'(" + x[i] + ")");
    }
  }

  @Test
  void tanhAndSigmoidBackwardAccumulateTheScalarFormulaExactly() {
    for (int n : new int[] {1, 13, 21, 1000}) {
      float[] y = inputs(n);
      float[] dy = inputs(n + 1);
      float[] dt = new float[n];
      float[] ds = new float[n];
      java.util.Arrays.fill(dt, 0.25f);
      java.util.Arrays.fill(ds, 0.25f);
      Activations.tanhBackward(y, dy, dt);
      Activations.sigmoidBackward(y, dy, ds);
      for (int i = 0; i < n; i++) {
        assertEquals(0.25f + dy[i] * (1f - y[i] * y[i]), dt[i], 0f, "tanh' at " + i);
        assertEquals(0.25f + dy[i] * y[i] * (1f - y[i]), ds[i], 0f, "sigmoid' at " + i);
      }
    }
  }

  private static void assertClose(float want, float got, String what) {
    if (Float.isNaN(want)) {
      assertTrue(Float.isNaN(got), what + " = " + got);
    } else {
      assertTrue(Math.abs(want - got) <= 2 * Math.ulp(want) || Math.abs(want - got) < 1e-37,
          what + ": got " + got + ", want " + want);
    }
  }
}
