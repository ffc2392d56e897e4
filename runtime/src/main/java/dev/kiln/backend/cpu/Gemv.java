package dev.kiln.backend.cpu;

/**
 * {@code C += op(A) op(B)} without packing for skinny shapes: one or two rows of {@code op(A)}
 * (a linear layer at batch 1: dot products with the rows of a transposed B, else row updates
 * {@code c += a_p * b_p}), one output column, or an outer product. Only a large batch-1
 * product is split across threads (by output rows, so each core streams its share of weights).
 */
final class Gemv {
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
          VectorDots.axpy(a[ai + p], b, bOff + p * n, c, ci, n);
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
        VectorDots.axpy(a[aOff + i], b, bOff, c, cOff + i * n, n);
      }
    } else if (transA) {
      for (int p = 0; p < k; p++) {
        VectorDots.axpy(b[bOff + p], a, aOff + p * m, c, cOff, m);
      }
    } else {
      for (int i = 0; i < m; i++) {
        c[cOff + i] += VectorDots.dot(a, aOff + i * k, b, bOff, k);
      }
    }
  }

  /**
   * {@code c[co + j] += dot(x, row j of y)} for rows {@code j0..j1} of length {@code len}, in
   * groups of eight from {@code j0}; every row sees the same operations wherever a split falls.
   */
  static void rows(int j0, int j1, int len, float[] x, int xo, float[] y, int yo, float[] c,
      int co) {
    int j = j0;
    for (; j + 8 <= j1; j += 8) {
      VectorDots.dot8(x, xo, y, yo + j * len, len, c, co + j);
    }
    for (; j < j1; j++) {
      VectorDots.rowDot(x, xo, y, yo + j * len, len, c, co + j);
    }
  }
}
