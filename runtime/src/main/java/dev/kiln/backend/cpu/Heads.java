package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * Rearranging attention heads: a projection's rows ({@code (T, B)} or, batch first, {@code (B,
 * T)}, times columns) to and from {@code (B, H, T, D)} blocks, one contiguous run of {@code D}
 * floats at a time; and copies of flat ranges (slices of a packed weight).
 */
final class Heads {
  private Heads() {}

  /** {@code out[b, h, t, :] = x[row(t, b), col0 + h D .. col0 + (h + 1) D]}, or {@code +=} into x. */
  static void split(Tensor x, int col0, boolean batchFirst, Tensor out, boolean backward) {
    int b = out.size(0);
    int h = out.size(1);
    int t = out.size(2);
    int d = out.size(3);
    int c = x.size(x.dim() - 1);
    float[] xs = a(x);
    float[] o = a(out);
    for (int bi = 0; bi < b; bi++) {
      for (int ti = 0; ti < t; ti++) {
        int row = batchFirst ? bi * t + ti : ti * b + bi;
        for (int hi = 0; hi < h; hi++) {
          int xo = row * c + col0 + hi * d;
          int oo = ((bi * h + hi) * t + ti) * d;
          if (!backward) {
            System.arraycopy(xs, xo, o, oo, d);
          } else if (Simd.ENABLED) {
            VectorDots.axpy(1f, o, oo, xs, xo, d);
          } else {
            for (int i = 0; i < d; i++) {
              xs[xo + i] += o[oo + i];
            }
          }
        }
      }
    }
  }

  /** {@code dst[dstOffset + i] (+)= src[srcOffset + i]} for {@code i < count}. */
  static void range(Tensor src, int srcOffset, Tensor dst, int dstOffset, int count,
      boolean add) {
    float[] s = a(src);
    float[] d = a(dst);
    if (!add) {
      System.arraycopy(s, srcOffset, d, dstOffset, count);
      return;
    }
    for (int i = 0; i < count; i++) {
      d[dstOffset + i] += s[srcOffset + i];
    }
  }
}
