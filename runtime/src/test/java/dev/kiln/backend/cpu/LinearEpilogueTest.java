package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A linear layer's bias and relu applied as the product's tiles are stored give the bits of
 * filling C with the bias, multiplying, then a relu pass: for in-place and packed A, edge rows and
 * columns, several K blocks, column blocks past NC, the unpacked batch-1 shape, kept weights, and
 * 1 to 3 threads.
 */
class LinearEpilogueTest {
  private static final int[][] SHAPES = {{64, 128, 784}, {37, 10, 300}, {256, 200, 128},
      {2, 64, 64}, {9, 1030, 70}, {1, 130, 784}, {300, 64, 5}};

  @Test
  void fusedBiasAndReluGiveTheUnfusedBits() {
    int before = CpuThreads.get();
    try {
      Random r = new Random(6);
      for (int[] s : SHAPES) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        float[] x = GemmTest.random(r, m * k);
        float[] w = GemmTest.random(r, n * k);
        float[] bias = GemmTest.random(r, n);
        for (int threads = 1; threads <= 3; threads++) {
          CpuThreads.set(threads);
          for (int mode = 0; mode < 8; mode++) {
            float[] b = (mode & 1) != 0 ? bias : null;
            boolean relu = (mode & 2) != 0;
            boolean constant = (mode & 4) != 0;
            float[] want = unfused(m, n, k, x, w, b, relu);
            float[] got = GemmTest.random(r, m * n); // overwritten, not added to
            Gemm.linear(m, n, k, x, w, b, got, relu, constant);
            assertArrayEquals(want, got, m + "x" + n + "x" + k + ", bias " + (b != null)
                + ", relu " + relu + ", kept weights " + constant + ", " + threads + " threads");
          }
        }
      }
    } finally {
      CpuThreads.set(before);
    }
  }

  @Test
  void reluClampsWhatTheProductMadeNegative() {
    Random r = new Random(7);
    float[] x = GemmTest.random(r, 64 * 128);
    float[] w = GemmTest.random(r, 128 * 128);
    float[] plain = new float[64 * 128];
    float[] clamped = new float[64 * 128];
    Gemm.linear(64, 128, 128, x, w, null, plain, false, false);
    Gemm.linear(64, 128, 128, x, w, null, clamped, true, false);
    int negative = 0;
    for (int i = 0; i < plain.length; i++) {
      negative += plain[i] < 0 ? 1 : 0;
      assertTrue(clamped[i] == Math.max(plain[i], 0f), "element " + i);
    }
    assertTrue(negative > 1000, negative + " negative outputs: the check above is not empty");
  }

  /** The bias copied into each row, the product added, then relu: the layer as three passes. */
  private static float[] unfused(int m, int n, int k, float[] x, float[] w, float[] b,
      boolean relu) {
    float[] c = new float[m * n];
    for (int i = 0; b != null && i < m; i++) {
      System.arraycopy(b, 0, c, i * n, n);
    }
    Gemm.gemm(false, true, m, n, k, x, 0, w, 0, c, 0);
    for (int i = 0; relu && i < c.length; i++) {
      c[i] = Math.max(c[i], 0f);
    }
    return c;
  }
}
