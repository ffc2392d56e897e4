package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.RnnSpec;
import dev.kiln.backend.RnnSpec.Mode;
import dev.kiln.tensor.Tensor;

/**
 * One direction of one recurrent layer over a sequence ({@link dev.kiln.backend.Kernels#rnnLayer}).
 * Forward: the input projection of every step as one product, then per step the recurrent
 * product {@code (B, H) x (H, G*H)} against {@code W_hh} packed once, and {@link RnnGates}.
 * Backward through time: per step the gate gradients and {@code dh += dR W_hh} ({@code W_hh}
 * packed once); then one product each for {@code dW_hh}, {@code dW_ih} and {@code dx} over all
 * steps.
 */
final class RnnKernel {
  /** The calling thread's packed {@code W_hh} (grown as needed, reused by every call). */
  private static final ThreadLocal<float[][]> PANEL =
      ThreadLocal.withInitial(() -> new float[][] {new float[0]});

  private RnnKernel() {}

  static void forward(RnnSpec s, int layer, int dir, Tensor xt, Tensor wIht, Tensor wHht,
      Tensor bIht, Tensor bHht, Tensor h0, Tensor c0, Tensor yt, Tensor hN, Tensor cN,
      Tensor state) {
    float[] x = a(xt);
    float[] wHh = a(wHht);
    float[] y = a(yt);
    float[] st = a(state);
    Mode mode = s.mode();
    int t = s.time(xt);
    int b = s.batch(xt);
    int h = s.hidden();
    int gh = s.gateWidth();
    int in = wIht.size(1);
    int rows = t * b;
    boolean bf = s.batchFirst(xt);
    boolean rev = dir == 1;
    int yw = s.directions() * h;
    int slice = (layer * s.directions() + dir) * b * h;
    int hs = (int) s.hiddenOffset(t, b);
    int cs = (int) s.cellOffset(t, b);
    int ex = (int) s.extraOffset(t, b);
    int step = (int) s.stepOffset(t, b);
    int bias = (int) s.biasOffset(t, b);
    foldBiases(mode, h, bIht == null ? null : a(bIht), bHht == null ? null : a(bHht), st, bias);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(st, bias, st, r * gh, gh);
    }
    Gemm.gemm(false, true, rows, gh, in, x, 0, a(wIht), 0, st, 0);
    int start = rev ? t * b * h : 0;
    load(h0, slice, st, hs + start, b * h);
    if (mode == Mode.LSTM) {
      load(c0, slice, st, cs + start, b * h);
    }
    float[] panel = pack(true, wHh, b, gh, h);
    for (int i = 0; i < t; i++) {
      int tt = rev ? t - 1 - i : i;
      int prev = (rev ? tt + 1 : tt) * b * h;
      int cur = (rev ? tt : tt + 1) * b * h;
      for (int r = 0; r < b; r++) {
        System.arraycopy(st, bias + gh, st, step + r * gh, gh);
      }
      product(b, gh, h, st, hs + prev, wHh, true, panel, st, step);
      for (int r = 0; r < b; r++) {
        int row = bf ? r * t + tt : tt * b + r;
        RnnGates.forward(mode, h, st, row * gh, step + r * gh, hs + prev + r * h,
            hs + cur + r * h, cs + prev + r * h, cs + cur + r * h, ex + (tt * b + r) * h, y,
            row * yw + dir * h);
      }
    }
    int last = rev ? 0 : t * b * h;
    if (hN != null) {
      System.arraycopy(st, hs + last, a(hN), slice, b * h);
    }
    if (cN != null && mode == Mode.LSTM) {
      System.arraycopy(st, cs + last, a(cN), slice, b * h);
    }
  }

  static void backward(RnnSpec s, int layer, int dir, Tensor xt, Tensor wIht, Tensor wHht,
      Tensor state, Tensor dyt, Tensor dhN, Tensor dcN, Tensor dxt, Tensor dh0, Tensor dc0,
      Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor scratch) {
    float[] st = a(state);
    float[] sc = a(scratch);
    float[] wHh = a(wHht);
    float[] dy = dyt == null ? null : a(dyt);
    Mode mode = s.mode();
    int t = s.time(xt);
    int b = s.batch(xt);
    int h = s.hidden();
    int gh = s.gateWidth();
    int in = wIht.size(1);
    int rows = t * b;
    boolean bf = s.batchFirst(xt);
    boolean rev = dir == 1;
    int yw = s.directions() * h;
    int slice = (layer * s.directions() + dir) * b * h;
    int hs = (int) s.hiddenOffset(t, b);
    int cs = (int) s.cellOffset(t, b);
    int ex = (int) s.extraOffset(t, b);
    boolean separate = s.separateRecurrentGrad(xt);
    int dr = separate ? rows * gh : 0;
    int dh = (separate ? 2 : 1) * rows * gh;
    int dhNext = dh + b * h;
    int dc = dhNext + b * h;
    load(dhN, slice, sc, dh, b * h);
    if (mode == Mode.LSTM) {
      load(dcN, slice, sc, dc, b * h);
    }
    float[] panel = pack(false, wHh, b, h, gh);
    for (int i = t - 1; i >= 0; i--) {
      int tt = rev ? t - 1 - i : i;
      int prev = (rev ? tt + 1 : tt) * b * h;
      for (int r = 0; r < b; r++) {
        int row = bf ? r * t + tt : tt * b + r;
        RnnGates.backward(mode, h, st, row * gh, hs + prev + r * h, cs + prev + r * h,
            ex + (tt * b + r) * h, sc, dh + r * h, dy, row * yw + dir * h, row * gh,
            dr + (tt * b + r) * gh, dhNext + r * h, dc + r * h);
      }
      product(b, h, gh, sc, dr + tt * b * gh, wHh, false, panel, sc, dhNext);
      int swap = dh;
      dh = dhNext;
      dhNext = swap;
    }
    if (dh0 != null) {
      add(sc, dh, a(dh0), slice, b * h);
    }
    if (dc0 != null && mode == Mode.LSTM) {
      add(sc, dc, a(dc0), slice, b * h);
    }
    if (dwHh != null) {
      Gemm.gemm(true, false, gh, h, rows, sc, dr, st, hs + (rev ? b * h : 0), a(dwHh), 0);
    }
    if (dbHh != null) {
      columnSums(sc, dr, rows, gh, a(dbHh));
    }
    if (dbIh != null) {
      columnSums(sc, 0, rows, gh, a(dbIh));
    }
    if (dwIh != null) {
      Gemm.gemm(true, false, gh, in, rows, sc, 0, a(xt), 0, a(dwIh), 0);
    }
    if (dxt != null) {
      Gemm.gemm(false, false, rows, in, gh, sc, 0, a(wIht), 0, a(dxt), 0);
    }
  }

  /**
   * The input projection's bias row {@code b_ih + b_hh} (the GRU keeps {@code b_hn} out) at
   * {@code at}, and the recurrent product's ({@code b_hn} in the GRU's n block, else zeros) after
   * it.
   */
  private static void foldBiases(Mode mode, int h, float[] bIh, float[] bHh, float[] st,
      int at) {
    int gh = mode.gates() * h;
    java.util.Arrays.fill(st, at, at + 2 * gh, 0f);
    if (bIh == null) {
      return;
    }
    int folded = mode == Mode.GRU ? 2 * h : gh;
    for (int j = 0; j < gh; j++) {
      st[at + j] = j < folded ? bIh[j] + bHh[j] : bIh[j];
    }
    if (mode == Mode.GRU) {
      System.arraycopy(bHh, 2 * h, st, at + gh + 2 * h, h);
    }
  }

  /** Slice {@code from} of {@code t} (n floats), or zeros when {@code t} is null. */
  private static void load(Tensor t, int from, float[] dst, int at, int n) {
    if (t == null) {
      java.util.Arrays.fill(dst, at, at + n, 0f);
    } else {
      System.arraycopy(a(t), from, dst, at, n);
    }
  }

  private static void add(float[] src, int from, float[] dst, int at, int n) {
    for (int j = 0; j < n; j++) {
      dst[at + j] += src[from + j];
    }
  }

  /** {@code d[j] += sum_r g[off + r * width + j]}, rows in order. */
  private static void columnSums(float[] g, int off, int rows, int width, float[] d) {
    for (int r = 0; r < rows; r++) {
      if (Simd.ENABLED) {
        VectorDots.axpy(1f, g, off + r * width, d, 0, width);
      } else {
        for (int j = 0; j < width; j++) {
          d[j] += g[off + r * width + j];
        }
      }
    }
  }

  /**
   * {@code op(W)} ({@code k x n}; {@code W} stored {@code n x k} when {@code trans}) packed for
   * products with {@code m} rows, or null when such products are not packed ({@link Gemv}, no
   * Vector API).
   */
  private static float[] pack(boolean trans, float[] w, int m, int n, int k) {
    if (!Simd.ENABLED || Gemv.handles(false, m, n, k)) {
      return null;
    }
    float[][] holder = PANEL.get();
    int size = k * PackedPanels.padded(n);
    if (holder[0].length < size) {
      holder[0] = new float[size];
    }
    PackedPanels.pack(trans, w, 0, k, n, holder[0]);
    return holder[0];
  }

  /** {@code C[m x n] += A[m x k] op(W)}, with {@code op(W)} from {@link #pack} when not null. */
  private static void product(int m, int n, int k, float[] a, int aOff, float[] w,
      boolean trans, float[] panel, float[] c, int cOff) {
    if (panel != null) {
      PackedGemm.gemmPanel(false, trans, m, n, k, a, aOff, w, 0, c, cOff, panel, null, false);
    } else {
      Gemm.gemm(false, trans, m, n, k, a, aOff, w, 0, c, cOff);
    }
  }
}
