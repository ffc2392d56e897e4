package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmTest {
  private static final int[] SIZES = {1, 2, 3, 4, 5, 15, 16, 17, 33, 64, 67, 257};

  @Test
  void vectorPathIsTheOneUnderTest() {
    assertTrue(Simd.ENABLED, "surefire starts the JVM with --add-modules jdk.incubator.vector");
  }

  @Test
  void packedAndScalarMatchADoubleReferenceForEveryLayout() {
    Random r = new Random(1);
    for (int m : SIZES) {
      for (int n : SIZES) {
        int k = SIZES[r.nextInt(SIZES.length)] + (m == 67 ? 300 : 0);
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          check(r, ta, tb, m, n, k, true);
          check(r, ta, tb, m, n, k, false);
        }
      }
    }
  }

  @Test
  void deepProductsCrossSeveralKBlocks() {
    Random r = new Random(2);
    check(r, false, true, 70, 40, 3 * PackedGemm.KC + 5, true);
    check(r, true, false, 9, 1030, 2 * PackedGemm.KC + 1, true);
  }

  @Test
  void threadCountDoesNotChangeABit() {
    int before = CpuThreads.get();
    try {
      for (int[] s : new int[][] {{200, 300, 300}, {1000, 20, 500}, {37, 1100, 400}, {1, 130, 784},
          {1, 1030, 70}, {256, 128, 784}, {40, 4100, 1030}}) { // the last: B too big to share
        Random r = new Random(3);
        float[] a = random(r, s[0] * s[2]);
        float[] b = random(r, s[2] * s[1]);
        float[] c0 = random(r, s[0] * s[1]);
        for (int t = 0; t < 4; t++) {
          float[] single = null;
          for (int threads = 1; threads <= 3; threads++) {
            CpuThreads.set(threads);
            float[] c = c0.clone();
            Gemm.gemm((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], a, 0, b, 0, c, 0);
            if (single == null) {
              single = c;
            } else {
              assertArrayEquals(single, c, threads + " threads vs 1, layout " + t + ", shape "
                  + s[0] + "x" + s[1] + "x" + s[2]);
            }
          }
        }
      }
    } finally {
      CpuThreads.set(before);
    }
  }

  @Test
  void threadsSharePackedBOnlyWithinTheCap() throws Exception {
    int before = CpuThreads.get();
    CpuThreads.set(2);
    try {
      Thread fresh = new Thread(() -> { // a thread of its own: no panel grown by other tests
        Random r = new Random(5);
        Gemm.gemm(false, false, 40, 4100, 1030, random(r, 40 * 1030), 0,
            random(r, 1030 * 4100), 0, new float[40 * 4100], 0);
        assertEquals(0, PackedGemm.sharedFloats(), "B of 1030 x 4112 packed is over the cap");
        Gemm.gemm(false, true, 256, 130, 784, random(r, 256 * 784), 0, random(r, 130 * 784), 0,
            new float[256 * 130], 0);
        assertEquals(784 * 144, PackedGemm.sharedFloats(), "130 columns pad to 9 slivers");
      });
      java.util.concurrent.atomic.AtomicReference<Throwable> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      fresh.setUncaughtExceptionHandler((t, e) -> failure.set(e));
      fresh.start();
      fresh.join();
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
    } finally {
      CpuThreads.set(before);
    }
  }

  @Test
  void readingARowsInPlaceGivesThePackedBits() {
    Random r = new Random(4);
    int m = 64;
    int k = PackedGemm.KC + 45;
    for (int n : new int[] {10, 64, 128}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = random(r, m * k);
        float[] at = new float[k * m]; // A stored transposed: always packed
        for (int i = 0; i < m; i++) {
          for (int p = 0; p < k; p++) {
            at[p * m + i] = a[i * k + p];
          }
        }
        float[] b = random(r, k * n);
        float[] rows = new float[m * n];
        float[] packed = new float[m * n];
        Gemm.gemm(false, tb, m, n, k, a, 0, b, 0, rows, 0);
        Gemm.gemm(true, tb, m, n, k, at, 0, b, 0, packed, 0);
        assertArrayEquals(packed, rows, "n=" + n + " transB=" + tb);
      }
    }
  }

  private static void check(Random r, boolean ta, boolean tb, int m, int n, int k, boolean packed) {
    int aOff = 3;
    int bOff = 5;
    int cOff = 7;
    float[] a = random(r, aOff + m * k);
    float[] b = random(r, bOff + k * n);
    float[] c = random(r, cOff + m * n);
    double[] want = new double[m * n];
    double[] bound = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = c[cOff + i * n + j];
        double abs = Math.abs(s);
        for (int p = 0; p < k; p++) {
          double x = a[aOff + (ta ? p * m + i : i * k + p)];
          double y = b[bOff + (tb ? j * k + p : p * n + j)];
          s += x * y;
          abs += Math.abs(x * y);
        }
        want[i * n + j] = s;
        bound[i * n + j] = abs;
      }
    }
    float[] before = c.clone();
    if (packed) {
      Gemm.gemm(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff);
    } else {
      ScalarGemm.gemm(ta, tb, m, n, k, a, aOff, b, bOff, c, cOff);
    }
    String what = (packed ? "packed" : "scalar") + " " + m + "x" + n + "x" + k + " transA=" + ta
        + " transB=" + tb;
    for (int i = 0; i < cOff; i++) {
      assertTrue(c[i] == before[i], what + ": wrote before the offset");
    }
    for (int i = 0; i < m * n; i++) {
      double err = Math.abs(c[cOff + i] - want[i]);
      assertTrue(err <= 1e-6 * bound[i] * Math.sqrt(k) + 1e-6, what + " element " + i + ": got "
          + c[cOff + i] + ", want " + want[i]);
    }
  }

  /** {@code size} floats uniform in [-1, 1); the cpu package's tests share it. */
  static float[] random(Random r, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }
}
