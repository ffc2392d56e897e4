package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;

/** {@code y = x w^T + b} over the rows of {@code x (*, in)}, {@code w (out, in)}; and backward. */
final class LinearKernel {
  private LinearKernel() {}

  /** The forward, then {@code max(y, 0)} when {@code relu} (applied tile by tile). */
  static void forward(Tensor x, Tensor w, Tensor b, Tensor y, boolean relu) {
    int in = w.size(1);
    // a layer that records no gradient (inference, frozen) keeps its packed weights
    Gemm.linear(x.numel() / in, w.size(0), in, a(x), a(w), b == null ? null : a(b), a(y), relu,
        !GradMode.recording(w));
  }

  static void backward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
    int out = w.size(0);
    int in = w.size(1);
    int rows = x.numel() / in;
    if (dx != null) {
      Gemm.gemm(false, false, rows, in, out, a(dy), 0, a(w), 0, a(dx), 0);
    }
    if (dw != null) {
      Gemm.gemm(true, false, out, in, rows, a(dy), 0, a(x), 0, a(dw), 0);
    }
    if (db != null) {
      addRows(a(dy), rows, out, a(db));
    }
  }

  /** {@code d[j] += sum_r g[r * width + j]}, rows in order (fma with 1 rounds as the add does). */
  private static void addRows(float[] g, int rows, int width, float[] d) {
    for (int r = 0; r < rows; r++) {
      if (Simd.ENABLED) {
        VectorDots.axpy(1f, g, r * width, d, 0, width);
      } else {
        for (int j = 0; j < width; j++) {
          d[j] += g[r * width + j];
        }
      }
    }
  }
}
