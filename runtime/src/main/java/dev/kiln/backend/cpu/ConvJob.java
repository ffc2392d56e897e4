package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvParams;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One convolution call on the CPU, as products on the packed GEMM: for each sample and group,
 * {@code out = W col(in)} (forward) or {@code dIn += col2im(W^T dOut)} (input gradient), where
 * {@code in (C, H, W)} and {@code out (O, OH, OW)} are the underlying convolution's input and
 * output ({@code conv_transpose} swaps their roles). A large enough batch gives each thread
 * whole samples (its own im2col matrix in the scratch, serial products); otherwise samples run
 * in turn and each product is split between threads. Either way every output element sees the
 * same operations, so results do not depend on the thread count. Reused per calling thread.
 */
final class ConvJob implements WorkerPool.Job {
  private static final ThreadLocal<ConvJob> JOB = ThreadLocal.withInitial(ConvJob::new);

  private final Im2col.Geometry geo = new Im2col.Geometry();
  private final AtomicInteger next = new AtomicInteger();
  int n;
  int c;
  int o;
  int groups;
  int rows;
  int positions;
  int inPlane;
  private boolean pointwise;
  private boolean backward;
  private boolean overwrite;
  private float[] in;
  private float[] w;
  private float[] bias;
  private float[] out;
  private float[] scratch;
  private int threads;
  private boolean weights;
  private int step;

  /** The calling thread's job, set up for convolution input {@code in} and output {@code out}. */
  static ConvJob of(ConvParams p, Tensor in, Tensor out) {
    ConvJob j = JOB.get();
    j.set(p, in, out);
    return j;
  }

  private void set(ConvParams p, Tensor tin, Tensor tout) {
    n = p.samples(tin);
    c = p.channels(tin);
    o = p.channels(tout);
    groups = p.groups();
    geo.cg = c / groups;
    geo.h = p.height(tin);
    geo.w = tin.size(tin.dim() - 1);
    geo.oh = p.height(tout);
    geo.ow = tout.size(tout.dim() - 1);
    geo.kh = p.kernelH();
    geo.kw = p.kernelW();
    geo.sh = p.strideH();
    geo.sw = p.strideW();
    geo.ph = p.padH();
    geo.pw = p.padW();
    geo.dh = p.dilationH();
    geo.dw = p.dilationW();
    rows = geo.cg * geo.kh * geo.kw;
    positions = geo.oh * geo.ow;
    inPlane = geo.h * geo.w;
    pointwise = p.pointwise();
  }

  /** Checks that {@code scratch} holds what {@link ConvParams#scratchFloats} asks for. */
  float[] scratch(Tensor t, int slots) {
    long need = pointwise ? 0 : (long) slots * rows * positions;
    if (need > 0 && (t == null || t.numel() < need)) {
      throw new IllegalArgumentException("convolution scratch of " + (t == null ? 0 : t.numel())
          + " floats, " + need + " needed (ConvParams.scratchFloats)");
    }
    return need == 0 ? null : CpuKernels.a(t);
  }

  /**
   * {@code out = W col(in) [+ bias]} when {@code overwrite}, else {@code out += W col(in)}.
   */
  void forward(float[] in, float[] w, float[] bias, float[] out, Tensor scratch,
      boolean overwrite) {
    this.backward = false;
    this.overwrite = overwrite;
    run(in, w, bias, out, scratch);
  }

  /** {@code dIn += col2im(W^T dOut)}. */
  void backwardData(float[] dIn, float[] w, float[] dOut, Tensor scratch) {
    this.backward = true;
    run(dIn, w, null, dOut, scratch);
  }

  private void run(float[] in, float[] w, float[] bias, float[] out, Tensor scratch) {
    threads = ConvParams.sampleThreads(n);
    this.in = in;
    this.w = w;
    this.bias = bias;
    this.out = out;
    this.scratch = scratch(scratch, threads);
    try {
      if (threads == 1) {
        for (int s = 0; s < n; s++) {
          sample(s, 0, false);
        }
      } else {
        next.set(0);
        WorkerPool.run(threads, this);
      }
    } finally {
      this.in = null;
      this.w = null;
      this.bias = null;
      this.out = null;
      this.scratch = null;
    }
  }

  @Override
  public void run(int part) {
    if (weights) {
      weightColumns(part);
      return;
    }
    for (int s; (s = next.getAndIncrement()) < n; ) {
      sample(s, part, true);
    }
  }

  private void sample(int s, int slot, boolean serial) {
    int og = o / groups;
    int colOff = slot * rows * positions;
    for (int g = 0; g < groups; g++) {
      int inOff = (s * c + g * geo.cg) * inPlane;
      int outOff = (s * o + g * og) * positions;
      int wOff = g * og * rows;
      if (backward) {
        if (pointwise) {
          gemm(serial, true, false, rows, positions, og, w, wOff, out, outOff, in, inOff);
        } else {
          Arrays.fill(scratch, colOff, colOff + rows * positions, 0f);
          gemm(serial, true, false, rows, positions, og, w, wOff, out, outOff, scratch, colOff);
          Im2col.col2im(geo, scratch, colOff, in, inOff);
        }
        continue;
      }
      if (overwrite) {
        for (int r = 0; r < og; r++) {
          int at = outOff + r * positions;
          Arrays.fill(out, at, at + positions, bias == null ? 0f : bias[g * og + r]);
        }
      }
      if (pointwise) {
        gemm(serial, false, false, og, positions, rows, w, wOff, in, inOff, out, outOff);
      } else {
        Im2col.im2col(geo, in, inOff, scratch, colOff);
        gemm(serial, false, false, og, positions, rows, w, wOff, scratch, colOff, out, outOff);
      }
    }
  }

  /**
   * {@code dW += dOut col(in)^T}, samples in order. With several threads each takes a block of
   * dW's columns (rows of the column matrix, which it fills itself) for every sample, so no sum
   * is split between threads; shapes {@link Gemv} computes run on the calling thread.
   */
  void backwardWeight(float[] in, float[] dOut, float[] dw, Tensor scratch) {
    int og = o / groups;
    this.in = in;
    this.out = dOut;
    this.w = dw;
    this.scratch = scratch(scratch, 1);
    try {
      if (!Simd.ENABLED || Gemv.handles(false, og, rows, positions)) {
        for (int s = 0; s < n; s++) {
          for (int g = 0; g < groups; g++) {
            int inOff = (s * c + g * geo.cg) * inPlane;
            float[] col = pointwise ? in : this.scratch;
            if (!pointwise) {
              Im2col.im2col(geo, in, inOff, col, 0);
            }
            Gemm.gemm(false, true, og, rows, positions, dOut, (s * o + g * og) * positions, col,
                pointwise ? inOff : 0, dw, g * og * rows);
          }
        }
        return;
      }
      int threads = CpuThreads.get();
      step = ((rows + threads - 1) / threads + MicroKernel.NR - 1) / MicroKernel.NR
          * MicroKernel.NR;
      int parts = (rows + step - 1) / step;
      weights = true;
      if (parts == 1) {
        run(0);
      } else {
        WorkerPool.run(parts, this);
      }
    } finally {
      weights = false;
      this.in = null;
      this.out = null;
      this.w = null;
      this.scratch = null;
    }
  }

  /** Part {@code part} of {@link #backwardWeight}: columns {@code r0..r1} of dW. */
  private void weightColumns(int part) {
    int og = o / groups;
    int r0 = part * step;
    int r1 = Math.min(rows, r0 + step);
    PackedGemm.Scratch packing = PackedGemm.scratch();
    for (int s = 0; s < n; s++) {
      for (int g = 0; g < groups; g++) {
        int inOff = (s * c + g * geo.cg) * inPlane;
        if (!pointwise) {
          Im2col.im2col(geo, in, inOff, scratch, 0, r0, r1);
        }
        PackedGemm.block(false, true, og, rows, positions, out, (s * o + g * og) * positions,
            pointwise ? in : scratch, pointwise ? inOff : 0, w, g * og * rows, 0, og, r0, r1,
            packing, null, null, false);
      }
    }
  }

  /** {@code C += op(A) op(B)}, on this thread only when {@code serial}. */
  private static void gemm(boolean serial, boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    if (!serial || !Simd.ENABLED) {
      Gemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    } else if (m == 0 || n == 0 || k == 0) {
      return;
    } else if (Gemv.handles(transA, m, n, k)) {
      Gemv.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    } else {
      PackedGemm.block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, 0, n,
          PackedGemm.scratch(), null, null, false);
    }
  }
}
