package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * {@code y = mask != 0 ? value : x} with {@code mask} broadcast to {@code x}, and its backward.
 * Walks {@code x} in rows of its last dimension; each row's mask offset is found from the row
 * index (the mask's last dimension has stride 1 or, broadcast, 0). Nothing is allocated.
 */
final class MaskedFills {
  private MaskedFills() {}

  static void fill(Tensor x, Tensor mask, float value, Tensor y) {
    run(a(x), mask, value, a(y), x, false);
  }

  /** {@code dx += mask == 0 ? dy : 0}. */
  static void backward(Tensor mask, Tensor dy, Tensor dx) {
    run(a(dy), mask, 0f, a(dx), dx, true);
  }

  private static void run(float[] in, Tensor mask, float value, float[] out, Tensor shape,
      boolean backward) {
    float[] m = a(mask);
    int n = in.length;
    if (n == 0) {
      return;
    }
    if (m.length == n) {
      row(in, m, 0, 1, value, out, 0, n, backward);
      return;
    }
    int r = shape.dim();
    int md = mask.dim();
    int len = r == 0 ? 1 : shape.size(r - 1);
    int mStride = md > 0 && mask.size(md - 1) != 1 ? 1 : 0;
    for (int q = 0, rows = n / len; q < rows; q++) {
      int rest = q;
      int off = 0;
      int stride = md > 0 ? mask.size(md - 1) : 1;
      for (int d = r - 2; d >= 0; d--) {
        int size = shape.size(d);
        int k = d - (r - md); // the mask's dimension aligned with d
        if (k >= 0) {
          int ms = mask.size(k);
          if (ms != 1) {
            off += (rest % size) * stride;
          }
          stride *= ms;
        }
        rest /= size;
      }
      row(in, m, off, mStride, value, out, q * len, len, backward);
    }
  }

  private static void row(float[] in, float[] m, int mOff, int mStride, float value, float[] out,
      int off, int len, boolean backward) {
    if (backward) {
      for (int i = 0; i < len; i++) {
        if (m[mOff + i * mStride] == 0f) {
          out[off + i] += in[off + i];
        }
      }
    } else {
      for (int i = 0; i < len; i++) {
        out[off + i] = m[mOff + i * mStride] != 0f ? value : in[off + i];
      }
    }
  }
}
