package dev.kiln.backend.opencl;

import dev.kiln.tensor.Tensor;

/**
 * Matrix products on the tiled {@code gemm} kernel: batched {@code matmul} (the host walks the
 * broadcast batch, one launch per output matrix) and the linear layer, forward and backward.
 * Transposed operands are expressed as strides, so nothing is copied.
 */
final class ClMatmul {
  /** C's tile per work group, and the work group's side (matmul.cl's TS and WG). */
  static final int TS = 64;
  static final int WG = 16;
  private static final int OVERWRITE = 0;
  private static final int ACCUMULATE = 1;
  private static final int BIAS = 2;

  private final ClLaunch l;

  ClMatmul(ClLaunch l) {
    this.l = l;
  }

  void forward(Tensor a, Tensor b, Tensor out) {
    int n = a.size(-2);
    int k = a.size(-1);
    int m = b.size(-1);
    int count = out.numel() / Math.max(1, n * m);
    for (int i = 0; i < count; i++) {
      gemm(n, m, k, a, batchOffset(a, out, i) * n * k, k, 1, b, batchOffset(b, out, i) * k * m,
          m, 1, out, i * n * m, OVERWRITE, null);
    }
  }

  void backward(Tensor a, Tensor b, Tensor dOut, Tensor da, Tensor db) {
    int n = a.size(-2);
    int k = a.size(-1);
    int m = b.size(-1);
    int count = dOut.numel() / Math.max(1, n * m);
    for (int i = 0; i < count; i++) {
      int offA = batchOffset(a, dOut, i) * n * k;
      int offB = batchOffset(b, dOut, i) * k * m;
      if (da != null) {
        gemm(n, k, m, dOut, i * n * m, m, 1, b, offB, 1, m, da, offA, ACCUMULATE, null);
      }
      if (db != null) {
        gemm(k, m, n, a, offA, 1, k, dOut, i * n * m, m, 1, db, offB, ACCUMULATE, null);
      }
    }
  }

  void linear(Tensor x, Tensor w, Tensor b, Tensor y) {
    int out = w.size(0);
    int in = w.size(1);
    int rows = x.numel() / in;
    gemm(rows, out, in, x, 0, in, 1, w, 0, 1, in, y, 0, b == null ? OVERWRITE : BIAS, b);
  }

  void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
    int out = w.size(0);
    int in = w.size(1);
    int rows = x.numel() / in;
    if (dx != null) {
      gemm(rows, in, out, dy, 0, out, 1, w, 0, in, 1, dx, 0, ACCUMULATE, null);
    }
    if (dw != null) {
      gemm(out, in, rows, dy, 0, 1, out, x, 0, in, 1, dw, 0, ACCUMULATE, null);
    }
    if (db != null && out > 0) {
      l.start(ClKernel.SUM_ROWS).mem(dy).i(rows).i(out).mem(db).items(out);
    }
  }

  /**
   * {@code C (M x N) = [C | bias | 0] + A @ B} with A's element {@code (i, k)} at {@code offA + i
   * * ars + k * acs} and B's {@code (k, j)} at {@code offB + k * brs + j * bcs}.
   */
  void gemm(int rows, int cols, int depth, Tensor a, int offA, int ars, int acs, Tensor b,
      int offB, int brs, int bcs, Tensor c, int offC, int mode, Tensor bias) {
    if (rows == 0 || cols == 0) {
      return;
    }
    long gx = (long) ((cols + TS - 1) / TS) * WG;
    long gy = (long) ((rows + TS - 1) / TS) * WG;
    l.start(ClKernel.GEMM).i(rows).i(cols).i(depth).mem(a).i(offA).i(ars).i(acs).mem(b).i(offB)
        .i(brs).i(bcs).mem(c).i(offC).i(mode).mem(bias).grid(gx, gy, WG, WG);
  }

  /**
   * The matrix index, in {@code t}'s batch dimensions, that output matrix {@code i} of {@code
   * out}'s (broadcast) batch reads; allocates nothing.
   */
  static int batchOffset(Tensor t, Tensor out, int i) {
    int offset = 0;
    int stride = 1;
    int lead = (out.dim() - 2) - (t.dim() - 2);
    for (int d = out.dim() - 3; d >= 0; d--) {
      int size = out.size(d);
      int coord = i % size;
      i /= size;
      int td = d - lead;
      if (td >= 0) {
        int tsize = t.size(td);
        offset += (tsize == 1 ? 0 : coord) * stride;
        stride *= tsize;
      }
    }
    return offset;
  }
}
