package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Softmax and log-softmax along one dimension, and their backward from the output. {@code x} is
 * viewed as {@code (outer, n, inner)}; each of the {@code outer * inner} lanes (stride
 * {@code inner}) is normalised on its own: {@code m = max}, {@code s = sum exp(x - m)}, then
 * {@code exp(x - m) / s} or {@code x - m - log s}, so any finite shift of {@code x} is stable.
 * With the Vector API, {@link VectorSoftmax} processes rows ({@code inner == 1}) eight elements
 * at a time and blocks {@code (n, inner)} eight lanes at a time; otherwise these scalar loops
 * run, summing in double.
 */
final class SoftmaxKernel {
  private SoftmaxKernel() {}

  static void forward(Tensor x, int dim, boolean log, Tensor y) {
    float[] xs = a(x);
    float[] ys = a(y);
    int n = Shapes.extent(x, dim);
    int inner = Shapes.inner(x, dim);
    if (n == 0 || inner == 0) {
      return;
    }
    int outer = xs.length / (n * inner);
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner;
      if (Simd.ENABLED && inner == 1) {
        VectorSoftmax.row(xs, ys, base, n, log);
      } else if (Simd.ENABLED) {
        VectorSoftmax.block(xs, ys, base, n, inner, log);
      } else {
        for (int i = 0; i < inner; i++) {
          lane(xs, ys, base + i, n, inner, log);
        }
      }
    }
  }

  static void backward(Tensor y, int dim, boolean log, Tensor dy, Tensor dx) {
    if (dx == null) {
      return;
    }
    float[] ys = a(y);
    float[] g = a(dy);
    float[] d = a(dx);
    int n = Shapes.extent(y, dim);
    int inner = Shapes.inner(y, dim);
    if (n == 0 || inner == 0) {
      return;
    }
    int outer = ys.length / (n * inner);
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner;
      if (Simd.ENABLED && inner == 1) {
        VectorSoftmax.rowBackward(ys, g, d, base, n, log);
      } else if (Simd.ENABLED) {
        VectorSoftmax.blockBackward(ys, g, d, base, n, inner, log);
      } else {
        for (int i = 0; i < inner; i++) {
          laneBackward(ys, g, d, base + i, n, inner, log);
        }
      }
    }
  }

  /** One lane: elements {@code base + k * stride}, {@code k < n}. */
  static void lane(float[] x, float[] y, int base, int n, int stride, boolean log) {
    int end = base + n * stride;
    float m = Float.NEGATIVE_INFINITY;
    for (int j = base; j < end; j += stride) {
      m = Math.max(m, x[j]);
    }
    double s = 0;
    for (int j = base; j < end; j += stride) {
      float e = (float) Math.exp(x[j] - m);
      s += e;
      if (!log) {
        y[j] = e;
      }
    }
    if (log) {
      float ls = (float) Math.log(s);
      for (int j = base; j < end; j += stride) {
        y[j] = x[j] - m - ls;
      }
    } else {
      float r = (float) (1 / s);
      for (int j = base; j < end; j += stride) {
        y[j] *= r;
      }
    }
  }

  static void laneBackward(float[] y, float[] dy, float[] dx, int base, int n, int stride,
      boolean log) {
    int end = base + n * stride;
    double s = 0;
    for (int j = base; j < end; j += stride) {
      s += log ? dy[j] : dy[j] * y[j];
    }
    float t = (float) s;
    for (int j = base; j < end; j += stride) {
      dx[j] += log ? dy[j] - (float) Math.exp(y[j]) * t : y[j] * (dy[j] - t);
    }
  }
}
