package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.cpu.CpuKernels;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The CPU kernels directly: forward values, and backward kernels that accumulate ({@code +=}). */
class CpuKernelsTest {
  private final Kernels k = new CpuKernels();

  private static Tensor t(float[] v, int... shape) {
    return Tensor.of(v, shape);
  }

  private static Tensor ones(int... shape) {
    Tensor x = Tensor.zeros(shape);
    new CpuKernels().fill(x, 1f);
    return x;
  }

  @Test
  void activationBackwardKernelsAccumulate() {
    Tensor x = t(new float[] {-1, 2}, 2);
    Tensor y = Tensor.zeros(2);
    Tensor dy = t(new float[] {10, 10}, 2);
    Tensor dx = ones(2);
    k.reluBackward(x, dy, dx);
    assertArrayEquals(new float[] {1, 11}, dx.toFloatArray());
    k.sigmoid(x, y);
    dx = ones(2);
    k.sigmoidBackward(y, dy, dx);
    float[] s = y.toFloatArray();
    assertArrayEquals(new float[] {1 + 10 * s[0] * (1 - s[0]), 1 + 10 * s[1] * (1 - s[1])},
        dx.toFloatArray(), 1e-6f);
    k.tanh(x, y);
    dx = ones(2);
    k.tanhBackward(y, dy, dx);
    float[] th = y.toFloatArray();
    assertArrayEquals(new float[] {1 + 10 * (1 - th[0] * th[0]), 1 + 10 * (1 - th[1] * th[1])},
        dx.toFloatArray(), 1e-6f);
  }

  @Test
  void binaryBackwardReducesOverBroadcastDimsAndAccumulates() {
    Tensor a = t(new float[] {1, 2, 3}, 3, 1);
    Tensor b = t(new float[] {4, 5}, 2);
    Tensor dOut = t(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor db = ones(2);
    k.binaryBackward(BinaryOp.MUL, 1, a, b, dOut, db);
    // db[j] = 1 + sum_i a[i] * dOut[i, j]
    assertArrayEquals(new float[] {1 + 1 + 6 + 15, 1 + 2 + 8 + 18}, db.toFloatArray());
    Tensor da = ones(3, 1);
    k.binaryBackward(BinaryOp.SUB, 0, a, b, dOut, da);
    assertArrayEquals(new float[] {1 + 3, 1 + 7, 1 + 11}, da.toFloatArray());
  }

  @Test
  void binaryMayWriteIntoItsOwnInput() {
    Tensor a = t(new float[] {1, 2, 3}, 3);
    k.binary(BinaryOp.MUL, a, t(new float[] {2}, 1), a);
    assertArrayEquals(new float[] {2, 4, 6}, a.toFloatArray());
  }

  @Test
  void matmulBackwardSkipsNullAndAccumulates() {
    Tensor a = t(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor b = t(new float[] {5, 6, 7, 8}, 2, 2);
    Tensor dOut = ones(2, 2);
    Tensor db = ones(2, 2);
    k.matmulBackward(a, b, dOut, null, db);
    // a^T @ ones = [[4, 4], [6, 6]], plus the 1 already there
    assertArrayEquals(new float[] {5, 5, 7, 7}, db.toFloatArray());
    Tensor da = ones(2, 2);
    k.matmulBackward(a, b, dOut, da, null);
    // ones @ b^T = [[11, 15], [11, 15]]
    assertArrayEquals(new float[] {12, 16, 12, 16}, da.toFloatArray());
  }

  @Test
  void linearEqualsMatmulWithTransposedWeightPlusBias() {
    Tensor x = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = t(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
    Tensor y = Tensor.zeros(2, 2);
    k.fill(y, 99f); // the kernel overwrites, it does not accumulate
    k.linear(x, w, null, y);
    assertArrayEquals(new float[] {-2, 4, -2, 13}, y.toFloatArray());
    k.linear(x, w, t(new float[] {10, 20}, 2), y);
    assertArrayEquals(new float[] {8, 24, 8, 33}, y.toFloatArray());
  }

  @Test
  void linearReluClampsTheLinearsOutput() {
    Tensor x = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = t(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
    Tensor y = Tensor.zeros(2, 2);
    k.fill(y, 99f);
    k.linearRelu(x, w, t(new float[] {-5, 20}, 2), y);
    assertArrayEquals(new float[] {0, 24, 0, 33}, y.toFloatArray());
  }

  @Test
  void linearBackwardAccumulatesAllThree() {
    Tensor x = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = t(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
    Tensor dy = t(new float[] {1, 0, 0, 1}, 2, 2);
    Tensor dx = ones(2, 3);
    Tensor dw = ones(2, 3);
    Tensor db = ones(2);
    k.linearBackward(x, w, dy, dx, dw, db);
    assertArrayEquals(new float[] {2, 1, 0, 3, 2, 1}, dx.toFloatArray()); // 1 + dy @ w
    assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, dw.toFloatArray()); // 1 + dy^T @ x
    assertArrayEquals(new float[] {2, 2}, db.toFloatArray());
    k.linearBackward(x, w, dy, null, null, null); // all skipped, no exception
  }

  @Test
  void sumAndSumBackward() {
    Tensor out = Tensor.zeros();
    k.sum(t(new float[] {1e8f, 1f, -1e8f, 1f}, 4), out);
    assertEquals(2f, out.item()); // accumulated in double: no cancellation loss
    Tensor dx = ones(3);
    k.sumBackward(t(new float[] {4}, 1), 0.5f, dx);
    assertArrayEquals(new float[] {3, 3, 3}, dx.toFloatArray());
  }

  @Test
  void copyIgnoresShapeButKeepsOrder() {
    Tensor dst = Tensor.zeros(3, 2);
    k.copy(t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), dst);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, dst.toFloatArray());
  }
}
