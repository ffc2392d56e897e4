package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Reductions along one dimension. {@code x} is viewed as {@code (outer, n, inner)} with {@code n}
 * the reduced dimension; the output, {@code (outer, inner)}, has {@code x}'s shape without it.
 */
final class Reductions {
  private Reductions() {}

  /** Index of the first maximum (NaN counts as the maximum, as PyTorch), as a float. */
  static void argmax(Tensor x, int dim, Tensor out) {
    float[] v = a(x);
    float[] o = a(out);
    int n = Shapes.extent(x, dim);
    int inner = Shapes.inner(x, dim);
    for (int j = 0; j < o.length; j++) {
      int base = (j / inner) * n * inner + j % inner;
      int best = 0;
      float bv = v[base];
      for (int k = 1; k < n && !Float.isNaN(bv); k++) {
        float c = v[base + k * inner];
        if (c > bv || Float.isNaN(c)) {
          best = k;
          bv = c;
        }
      }
      o[j] = best;
    }
  }

  /** {@code out = sum of x along dim}, accumulated in double. */
  static void sum(Tensor x, int dim, Tensor out) {
    float[] v = a(x);
    float[] o = a(out);
    int n = Shapes.extent(x, dim);
    int inner = Shapes.inner(x, dim);
    for (int j = 0; j < o.length; j++) {
      int base = (j / inner) * n * inner + j % inner;
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += v[base + k * inner];
      }
      o[j] = (float) s;
    }
  }

  /** {@code dx += scale * dOut}, {@code dOut} repeated along {@code dim}. */
  static void sumBackward(Tensor dOut, int dim, float scale, Tensor dx) {
    float[] g = a(dOut);
    float[] d = a(dx);
    int n = Shapes.extent(dx, dim);
    int inner = Shapes.inner(dx, dim);
    for (int j = 0; j < g.length; j++) {
      int base = (j / inner) * n * inner + j % inner;
      for (int k = 0; k < n; k++) {
        d[base + k * inner] += scale * g[j];
      }
    }
  }
}
