package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * {@link dev.kiln.backend.Kernels#sliceCopy}: per outer index one contiguous run of {@code length
 * * inner} elements, copied in bulk or added; and the scalar affine map with its backward.
 */
final class Slices {
  private Slices() {}

  static void sliceCopy(Tensor src, int srcStart, Tensor dst, int dstStart, int dim, int length,
      boolean accumulate) {
    int outer = 1;
    for (int d = 0; d < dim; d++) {
      outer *= src.size(d);
    }
    int inner = 1;
    for (int d = dim + 1; d < src.dim(); d++) {
      inner *= src.size(d);
    }
    if (outer == 0 || inner == 0 || length == 0) {
      return;
    }
    int srcN = src.dim() == 0 ? 1 : src.size(dim);
    int dstN = dst.numel() / (outer * inner);
    float[] s = a(src);
    float[] d = a(dst);
    int run = length * inner;
    for (int o = 0; o < outer; o++) {
      int so = (o * srcN + srcStart) * inner;
      int dO = (o * dstN + dstStart) * inner;
      if (accumulate) {
        Runs.add(s, so, d, dO, run);
      } else {
        System.arraycopy(s, so, d, dO, run);
      }
    }
  }

  /** {@code y = a * x + b}. */
  static void scale(Tensor x, float a, float b, Tensor y) {
    Segments.affine(a(x), a(y), 0, x.numel(), a, b);
  }

  /** {@code dx += a * dy}. */
  static void scaleBackward(Tensor dy, float a, Tensor dx) {
    Runs.scaleAdd(a, a(dy), a(dx));
  }
}
