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

  private static void product(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean constantB) {
    if (m == 0 || n == 0 || k == 0) {
      return;
    }
    if (Simd.ENABLED) {
      PackedGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, constantB);
    } else {
      ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }
  }
}
