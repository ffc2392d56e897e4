package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C += op(A) op(B)} without packing for skinny shapes: one or two rows of {@code op(A)}
 * (a linear layer at batch 1: dot products with the rows of a transposed B, else row updates
 * {@code c += a_p * b_p}), one output column, or an outer product. Only a large batch-1
 * product is split across threads (by output rows, so each core streams its share of weights).
 */
final class Gemv {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;
  /** A batch-1 product with this many multiply-adds reads its weights on several cores. */
  static final long PARALLEL_WORK = 1L << 16;

  private Gemv() {}

  /** {@code op(A)} is one row, or two rows of an untransposed A: its rows are contiguous. */
  private static void gemm(boolean transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * k;
      int ci = cOff + i * n;
      if (transB) {
        int threads = CpuThreads.get();
        if (m == 1 && threads > 1 && (long) n * k >= PARALLEL_WORK) {
          GemvSplit.run(threads, n, k, a, ai, b, bOff, c, ci);
        } else {
          rows(0, n, k, a, ai, b, bOff, c, ci);
        }
      } else {
        for (int p = 0; p < k; p++) {
          axpy(a[ai + p], b, bOff + p * n, c, ci, n);
        }
      }
    }
  }

  /**
   * True for the shapes this class computes without packing: one contiguous row of {@code
   * op(A)} (any layout when {@code m == 1}), one column of C ({@code n == 1}), or an outer
   * product ({@code k == 1}); both operands of the last two are contiguous in every layout.
   */
  static boolean handles(boolean transA, int m, int n, int k) {
    return m == 1 || (m == 2 && !transA) || n == 1 || k == 1;
  }

  /** {@code C += op(A) op(B)} for a shape {@link #handles} accepts. */
  static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      float[] b, int bOff, float[] c, int cOff) {
    if (m == 1 || (m == 2 && !transA)) {
      gemm(transB, m, n, k, a, aOff, b, bOff, c, cOff);
    } else if (k == 1) {
      for (int i = 0; i < m; i++) {
        axpy(a[aOff + i], b, bOff, c, cOff + i * n, n);
      }
    } else if (transA) {
      for (int p = 0; p < k; p++) {
        axpy(b[bOff + p], a, aOff + p * m, c, cOff, m);
      }
    } else {
      for (int i = 0; i < m; i++) {
        c[cOff + i] += dot(a, aOff + i * k, b, bOff, k);
      }
    }
  }

  /**
   * {@code c[co + j] += dot(x, row j of y)} for rows {@code j0..j1} of length {@code len}, in
   * groups of four from {@code j0}: a split at multiples of four computes every element alike.
   */
  static void rows(int j0, int j1, int len, float[] x, int xo, float[] y, int yo, float[] c,
      int co) {
    int j = j0;
    for (; j + 4 <= j1; j += 4) {
      dot4(x, xo, y, yo + j * len, len, c, co + j);
    }
    for (; j < j1; j++) {
      c[co + j] += dot(x, xo, y, yo + j * len, len);
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

  /**
   * {@code c[co + r] += dot(x, row r of y)} for the four consecutive rows of length {@code len}
   * at {@code yo}: eight independent accumulator chains keep both FMA units busy.
   */
  private static void dot4(float[] x, int xo, float[] y, int yo, int len, float[] c, int co) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    FloatVector t0 = FloatVector.zero(S);
    FloatVector t1 = FloatVector.zero(S);
    FloatVector t2 = FloatVector.zero(S);
    FloatVector t3 = FloatVector.zero(S);
    int y1 = yo + len;
    int y2 = y1 + len;
    int y3 = y2 + len;
    int p = 0;
    for (; p + 2 * L <= len; p += 2 * L) {
      FloatVector u = FloatVector.fromArray(S, x, xo + p);
      FloatVector v = FloatVector.fromArray(S, x, xo + p + L);
      s0 = u.fma(FloatVector.fromArray(S, y, yo + p), s0);
      s1 = u.fma(FloatVector.fromArray(S, y, y1 + p), s1);
      s2 = u.fma(FloatVector.fromArray(S, y, y2 + p), s2);
      s3 = u.fma(FloatVector.fromArray(S, y, y3 + p), s3);
      t0 = v.fma(FloatVector.fromArray(S, y, yo + p + L), t0);
      t1 = v.fma(FloatVector.fromArray(S, y, y1 + p + L), t1);
      t2 = v.fma(FloatVector.fromArray(S, y, y2 + p + L), t2);
      t3 = v.fma(FloatVector.fromArray(S, y, y3 + p + L), t3);
    }
    float r0 = s0.add(t0).reduceLanes(VectorOperators.ADD);
    float r1 = s1.add(t1).reduceLanes(VectorOperators.ADD);
    float r2 = s2.add(t2).reduceLanes(VectorOperators.ADD);
    float r3 = s3.add(t3).reduceLanes(VectorOperators.ADD);
    for (; p < len; p++) {
      float xv = x[xo + p];
      r0 = Math.fma(xv, y[yo + p], r0);
      r1 = Math.fma(xv, y[y1 + p], r1);
      r2 = Math.fma(xv, y[y2 + p], r2);
      r3 = Math.fma(xv, y[y3 + p], r3);
    }
    c[co] += r0;
    c[co + 1] += r1;
    c[co + 2] += r2;
    c[co + 3] += r3;
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
