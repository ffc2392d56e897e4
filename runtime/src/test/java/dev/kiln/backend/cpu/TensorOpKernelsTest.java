package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CPU tensor-op kernels against index-by-index loops on shapes large enough for every path
 * (tiles with remainders, bulk rows, strided rows, broadcast masks), bit for bit; and a warm
 * forward + backward of each allocates nothing.
 */
class TensorOpKernelsTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final Kernels k = Device.cpu().kernels();
  private final Random random = new Random(17);

  private Tensor rand(int... shape) {
    float[] v = new float[dev.kiln.tensor.Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return Tensor.of(v, shape);
  }

  @Test
  void permuteEqualsTheIndexDefinition() {
    int[][][] cases = {{{3, 70, 45}, {0, 2, 1}}, {{2, 33, 64}, {0, 2, 1}}, {{4, 5, 6, 7}, {0, 2, 1, 3}},
        {{4, 5, 6, 7}, {3, 2, 1, 0}}, {{4, 5, 6, 7}, {1, 0, 2, 3}}, {{9, 11}, {1, 0}}};
    for (int[][] c : cases) {
      int[] shape = c[0];
      int[] perm = c[1];
      int[] out = new int[shape.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = shape[perm[i]];
      }
      Tensor x = rand(shape);
      Tensor y = Tensor.zeros(out);
      k.permute(x, perm, y);
      float[] expected = naivePermute(x.toFloatArray(), shape, perm, out);
      assertArrayEquals(expected, y.toFloatArray(), java.util.Arrays.deepToString(c));
      Tensor dx = rand(shape);
      float[] before = dx.toFloatArray();
      k.permuteBackward(y, perm, dx); // y permuted back is x: dx = before + x
      float[] xs = x.toFloatArray();
      float[] d = dx.toFloatArray();
      for (int i = 0; i < d.length; i++) {
        assertEquals(before[i] + xs[i], d[i], 0f, "backward " + java.util.Arrays.deepToString(c));
      }
    }
  }

  private static float[] naivePermute(float[] x, int[] shape, int[] perm, int[] out) {
    int r = shape.length;
    int[] strides = new int[r];
    for (int d = r - 1, s = 1; d >= 0; s *= shape[d], d--) {
      strides[d] = s;
    }
    float[] y = new float[x.length];
    int[] idx = new int[r];
    for (int e = 0; e < y.length; e++) {
      int rest = e;
      for (int j = r - 1; j >= 0; j--) {
        idx[j] = rest % out[j];
        rest /= out[j];
      }
      int off = 0;
      for (int j = 0; j < r; j++) {
        off += idx[j] * strides[perm[j]];
      }
      y[e] = x[off];
    }
    return y;
  }

  @Test
  void sliceCopyCopiesAndAccumulatesTheRange() {
    Tensor src = rand(3, 10, 4);
    Tensor dst = rand(3, 6, 4);
    float[] before = dst.toFloatArray();
    k.sliceCopy(src, 5, dst, 1, 1, 3, true);
    float[] s = src.toFloatArray();
    float[] d = dst.toFloatArray();
    for (int o = 0; o < 3; o++) {
      for (int l = 0; l < 6; l++) {
        for (int i = 0; i < 4; i++) {
          int at = (o * 6 + l) * 4 + i;
          float add = l >= 1 && l < 4 ? s[(o * 10 + 5 + l - 1) * 4 + i] : 0f;
          assertEquals(before[at] + add, d[at], 0f);
        }
      }
    }
  }

  @Test
  void maskedFillBroadcastsTheMask() {
    Tensor x = rand(2, 3, 4, 5);
    Tensor mask = Tensor.of(new float[] {0, 1, 0, 0, 1, 1, 0, 0, 0, 0}, 2, 1, 1, 5);
    Tensor y = Tensor.zeros(2, 3, 4, 5);
    k.maskedFill(x, mask, -7f, y);
    Tensor dx = Tensor.zeros(2, 3, 4, 5);
    Tensor dy = rand(2, 3, 4, 5);
    k.maskedFillBackward(mask, dy, dx);
    float[] xs = x.toFloatArray();
    float[] m = mask.toFloatArray();
    float[] g = dy.toFloatArray();
    for (int i = 0; i < xs.length; i++) {
      boolean fill = m[(i / 60) * 5 + i % 5] != 0;
      assertEquals(fill ? -7f : xs[i], y.toFloatArray()[i], 0f);
      assertEquals(fill ? 0f : g[i], dx.toFloatArray()[i], 0f);
    }
  }

  @Test
  void warmKernelsAllocateNothing() {
    Tensor x = rand(4, 8, 16, 32);
    Tensor t = Tensor.zeros(4, 8, 32, 16);
    Tensor p = Tensor.zeros(4, 16, 8, 32);
    Tensor slice = Tensor.zeros(4, 8, 5, 32);
    Tensor mask = rand(16, 32);
    Tensor y = Tensor.zeros(4, 8, 16, 32);
    Tensor dx = Tensor.zeros(4, 8, 16, 32);
    int[] transpose = {0, 1, 3, 2};
    int[] heads = {0, 2, 1, 3};
    long tid = Thread.currentThread().getId();
    long bytes = -1;
    for (int round = 0; round < 30 && bytes != 0; round++) {
      long before = THREADS.getThreadAllocatedBytes(tid);
      for (int i = 0; i < 200; i++) {
        k.permute(x, transpose, t);
        k.permuteBackward(t, transpose, dx);
        k.permute(x, heads, p);
        k.permuteBackward(p, heads, dx);
        k.sliceCopy(x, 3, slice, 0, 2, 5, false);
        k.sliceCopy(slice, 0, dx, 3, 2, 5, true);
        k.maskedFill(x, mask, -1e9f, y);
        k.maskedFillBackward(mask, y, dx);
        k.scale(x, 0.5f, 1f, y);
        k.scaleBackward(y, 0.5f, dx);
      }
      bytes = THREADS.getThreadAllocatedBytes(tid) - before;
    }
    assertEquals(0, bytes, "bytes allocated by 200 warm rounds");
  }
}
