package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;

/** {@code y = x w^T + b} over the rows of {@code x (*, in)}, and its backward. */
final class LinearKernel {
  private LinearKernel() {}

  static void forward(Tensor x, Tensor w, Tensor b, Tensor y) {
    int out = w.size(0);
    int in = w.size(1);
    int rows = x.numel() / in;
    float[] o = a(y);
    if (b == null) {
      java.util.Arrays.fill(o, 0f);
    } else {
      float[] bias = a(b);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(bias, 0, o, r * out, out);
      }
    }
    if (GradMode.recording(w)) {
      Gemm.gemm(false, true, rows, out, in, a(x), 0, a(w), 0, o, 0);
    } else { // inference or a frozen layer: keep the packed weights while they are unchanged
      Gemm.gemmConstantB(false, true, rows, out, in, a(x), 0, a(w), 0, o, 0);
    }
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
