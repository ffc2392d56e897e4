package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C += op(A) op(B)} for one or two contiguous rows of {@code op(A)}, without packing: dot products
 * with the rows of a transposed B ({@code y = x W^T}, a linear layer at batch 1), else
 * row updates {@code c += a_p * b_p}. Single-threaded.
 */
final class Gemv {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;

  private Gemv() {}

  /** {@code op(A)} is one row, or two rows of an untransposed A: its rows are contiguous. */
  static void gemm(boolean transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * k;
      int ci = cOff + i * n;
      if (transB) {
        for (int j = 0; j < n; j++) {
          c[ci + j] += dot(a, ai, b, bOff + j * k, k);
        }
      } else {
        for (int p = 0; p < k; p++) {
          axpy(a[ai + p], b, bOff + p * n, c, ci, n);
        }
      }
    }
  }

  /** {@code sum_p x[xo + p] * y[yo + p]} over {@code len} elements. */
  static float dot(float[] x, int xo, float[] y, int yo, int len) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    int p = 0;
    for (; p + 2 * L <= len; p += 2 * L) {
      s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
      s1 = FloatVector.fromArray(S, x, xo + p + L)
          .fma(FloatVector.fromArray(S, y, yo + p + L), s1);
    }
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; p < len; p++) {
      s = Math.fma(x[xo + p], y[yo + p], s);
    }
    return s;
  }

  /** {@code z[zo + j] += alpha * x[xo + j]} over {@code len} elements. */
  private static void axpy(float alpha, float[] x, int xo, float[] z, int zo, int len) {
    FloatVector va = FloatVector.broadcast(S, alpha);
    int j = 0;
    for (; j + L <= len; j += L) {
      va.fma(FloatVector.fromArray(S, x, xo + j), FloatVector.fromArray(S, z, zo + j))
          .intoArray(z, zo + j);
    }
    for (; j < len; j++) {
      z[zo + j] = Math.fma(alpha, x[xo + j], z[zo + j]);
    }
  }
}
