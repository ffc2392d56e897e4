package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * {@code y = mask != 0 ? value : x} with {@code mask} broadcast to {@code x}, and its backward.
 * The trailing dimensions of {@code x} along which the mask is all present (or all broadcast)
 * form one contiguous run (vectorised by {@link Runs}); the dimensions before it are walked
 * recursively with the mask's strides (0 along broadcast ones). Nothing is allocated.
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
    int r = shape.dim();
    if (m.length == n || r == 0) {
      run(in, m, 0, m.length == n ? 1 : 0, value, out, 0, n, backward);
      return;
    }
    int kind = present(shape, mask, r - 1);
    int len = 1;
    int last = r - 1;
    while (last >= 0 && present(shape, mask, last) == kind) {
      len *= shape.size(last);
      last--;
    }
    walk(in, mask, m, value, out, shape, 0, last, 0, 0, kind, len, backward);
  }

  /** 1 when the mask has dimension {@code d} of x at full size, 0 when it broadcasts along it. */
  private static int present(Tensor x, Tensor mask, int d) {
    int k = d - (x.dim() - mask.dim());
    return k >= 0 && mask.size(k) != 1 ? 1 : 0;
  }

  private static void walk(float[] in, Tensor mask, float[] m, float value, float[] out,
      Tensor x, int level, int last, int off, int mOff, int kind, int len, boolean backward) {
    if (level > last) {
      run(in, m, mOff, kind, value, out, off, len, backward);
      return;
    }
    int xStride = 1;
    for (int d = level + 1; d < x.dim(); d++) {
      xStride *= x.size(d);
    }
    int mStride = 0;
    if (present(x, mask, level) == 1) {
      mStride = 1;
      for (int k = level - (x.dim() - mask.dim()) + 1; k < mask.dim(); k++) {
        mStride *= mask.size(k);
      }
    }
    for (int c = 0, size = x.size(level); c < size; c++) {
      walk(in, mask, m, value, out, x, level + 1, last, off + c * xStride, mOff + c * mStride,
          kind, len, backward);
    }
  }

  private static void run(float[] in, float[] m, int mOff, int mStride, float value, float[] out,
      int off, int len, boolean backward) {
    if (backward) {
      Runs.maskedAdd(in, m, mOff, mStride, out, off, len);
    } else {
      Runs.maskedFill(in, m, mOff, mStride, value, out, off, len);
    }
  }
}
