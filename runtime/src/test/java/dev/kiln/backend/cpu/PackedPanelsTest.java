package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Rng;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reusing a constant B's packed form gives exactly the freshly packed result, and a B changed in
 * place (here through its backing array, the one write path nothing can observe) is packed again;
 * a B whose panel would pass the cap is not kept.
 */
class PackedPanelsTest {
  @Test
  void reuseGivesThePackedBitsAtAnyThreadCount() {
    int before = CpuThreads.get();
    try {
      for (int[] s : new int[][] {{256, 128, 784}, {64, 10, 64}, {40, 300, 2 * PackedGemm.KC + 7}}) {
        for (boolean tb : new boolean[] {true, false}) {
          Random r = new Random(5);
          float[] a = GemmTest.random(r, s[0] * s[2]);
          float[] b = GemmTest.random(r, s[2] * s[1]);
          float[] want = new float[s[0] * s[1]];
          Gemm.gemm(false, tb, s[0], s[1], s[2], a, 0, b, 0, want, 0);
          for (int threads = 1; threads <= 2; threads++) {
            CpuThreads.set(threads);
            for (int call = 0; call < 2; call++) { // the first packs, the second reuses
              float[] c = new float[s[0] * s[1]];
              Gemm.gemmConstantB(false, tb, s[0], s[1], s[2], a, 0, b, 0, c, 0);
              assertArrayEquals(want, c, "shape " + s[0] + "x" + s[1] + "x" + s[2] + ", transB="
                  + tb + ", " + threads + " threads, call " + call);
            }
          }
        }
      }
    } finally {
      CpuThreads.set(before);
    }
  }

  @Test
  void anUnchangedPanelIsReusedAndAChangedOneRepacked() {
    Random r = new Random(6);
    float[] b = GemmTest.random(r, 300 * 70);
    float[] first = PackedPanels.get(true, b, 0, 300, 70);
    float[] copy = first.clone();
    assertSame(first, PackedPanels.get(true, b, 0, 300, 70));
    b[123] += 1f;
    float[] again = PackedPanels.get(true, b, 0, 300, 70);
    assertFalse(java.util.Arrays.equals(copy, again), "B changed but the panel did not");
  }

  @Test
  void aPanelOverTheCapIsNotKept() {
    int k = 4096;
    int n = 2050; // the copy and the packed form together: just over 16M floats
    assertTrue(2L * k * n > PackedPanels.MAX_FLOATS);
    assertNull(PackedPanels.get(true, new float[k * n], 0, k, n), "kept past the cap");
  }

  @Test
  void inferenceSeesWeightsChangedInPlace() {
    Tensor x = Rng.rand(256, 784);
    Tensor w = Rng.rand(128, 784);
    Tensor b = Rng.rand(128);
    Tensor y = Tensor.zeros(256, 128);
    GradMode.noGrad(() -> {
      Device.cpu().kernels().linear(x, w, b, y);
      ((CpuBuffer) w.buffer()).array()[784 * 5 + 3] += 0.5f; // row 5: output feature 5
      Device.cpu().kernels().linear(x, w, b, y);
      return y;
    });
    float[] want = new float[256 * 128];
    for (int i = 0; i < 256; i++) {
      System.arraycopy(b.toFloatArray(), 0, want, i * 128, 128);
    }
    Gemm.gemm(false, true, 256, 128, 784, x.toFloatArray(), 0, w.toFloatArray(), 0, want, 0);
    assertArrayEquals(want, y.toFloatArray());
  }
}
