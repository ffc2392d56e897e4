package dev.kiln.backend.cpu;

/**
 * Single-precision matrix multiply {@code C += op(A) op(B)} on row-major arrays with offsets:
 * the packed, vectorised kernel when the Vector API is present ({@link Simd}), else plain Java.
 * Results do not depend on the thread count.
 */
final class Gemm {
  private Gemm() {}

  /**
   * {@code C[m x n] += op(A)[m x k] * op(B)[k x n]}; {@code op} transposes when the flag is set
   * (A stored {@code k x m}, B stored {@code n x k}).
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    product(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, false);
  }

  /**
   * As {@link #gemm}, for a B the caller expects to be unchanged from call to call (a layer's
   * weights in inference): its packed form is kept and reused while B's elements are unchanged.
   */
  static void gemmConstantB(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    product(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, true);
  }

  /**
   * A linear layer's {@code C[m x n] = A[m x k] W^T + bias}, {@code W} stored {@code n x k},
   * {@code bias} of {@code n} or null, then {@code max(., 0)} when {@code relu}. Tiled products
   * add the bias and clamp as each tile of C is stored, instead of in passes before and after;
   * the results are the same bits. {@code constantW} as B in {@link #gemmConstantB}.
   */
  static void linear(int m, int n, int k, float[] a, float[] w, float[] bias, float[] c,
      boolean relu, boolean constantW) {
    if (m == 0 || n == 0) {
      return;
    }
    if (Simd.ENABLED && !Gemv.handles(false, m, n, k) && k > 0) {
      if (bias == null) {
        java.util.Arrays.fill(c, 0, m * n, 0f);
      }
      PackedGemm.gemm(false, true, m, n, k, a, 0, w, 0, c, 0, constantW, bias, relu);
      return;
    }
    for (int r = 0; r < m; r++) {
      if (bias == null) {
        java.util.Arrays.fill(c, r * n, (r + 1) * n, 0f);
      } else {
        System.arraycopy(bias, 0, c, r * n, n);
      }
    }
    product(false, true, m, n, k, a, 0, w, 0, c, 0, constantW);
    if (relu) {
      for (int i = 0; i < m * n; i++) {
        c[i] = Math.max(c[i], 0f);
      }
    }
  }

  private static void product(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean constantB) {
    if (m == 0 || n == 0 || k == 0) {
      return;
    }
    if (Simd.ENABLED) {
      PackedGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, constantB, null, false);
    } else {
      ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }
  }
}
