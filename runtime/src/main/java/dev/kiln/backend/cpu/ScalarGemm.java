package dev.kiln.backend.cpu;

/**
 * The plain-Java matrix multiply, used when the Vector API is absent: {@code C += op(A) op(B)}
 * on row-major arrays with offsets. Loop orders keep the innermost loop contiguous.
 */
final class ScalarGemm {
  private ScalarGemm() {}

  /**
   * {@code C[m x n] += op(A)[m x k] * op(B)[k x n]}; {@code op} transposes when the flag is set
   * (A stored {@code k x m}, B stored {@code n x k}).
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    if (!transA && !transB) {
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * n;
        for (int p = 0; p < k; p++) {
          float av = a[aOff + i * k + p];
          int bp = bOff + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else if (!transA) {
      for (int i = 0; i < m; i++) {
        int ai = aOff + i * k;
        for (int j = 0; j < n; j++) {
          int bj = bOff + j * k;
          float s = 0f;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
          c[cOff + i * n + j] += s;
        }
      }
    } else if (!transB) {
      for (int p = 0; p < k; p++) {
        int bp = bOff + p * n;
        for (int i = 0; i < m; i++) {
          float av = a[aOff + p * m + i];
          int ci = cOff + i * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0f;
          for (int p = 0; p < k; p++) {
            s += a[aOff + p * m + i] * b[bOff + j * k + p];
          }
          c[cOff + i * n + j] += s;
        }
      }
    }
  }
}
