package dev.kiln.backend.opencl;

import static dev.kiln.backend.opencl.ClKernel.RNN_BIAS_ROWS;
import static dev.kiln.backend.opencl.ClKernel.RNN_COLUMN_SUMS;
import static dev.kiln.backend.opencl.ClKernel.RNN_FOLD_BIAS;
import static dev.kiln.backend.opencl.ClKernel.RNN_GATES_BACKWARD;
import static dev.kiln.backend.opencl.ClKernel.RNN_GATES_FORWARD;
import static dev.kiln.backend.opencl.ClKernel.RNN_MOVE;

import dev.kiln.backend.RnnSpec;
import dev.kiln.backend.RnnSpec.Mode;
import dev.kiln.tensor.Tensor;

/**
 * Recurrent layers on OpenCL, the CPU's {@code RnnKernel} step for step: products on {@link
 * ClMatmul#gemm} with offsets and strides (transposes as strides), one {@code rnn.cl} gate launch
 * per time step, on the state and scratch layouts of {@link RnnSpec}.
 */
final class ClRnn {
  private static final int ACCUMULATE = 1;
  private static final int ZERO = 0;
  private static final int COPY = 1;
  private static final int ADD = 2;

  private final ClLaunch l;
  private final ClMatmul matmul;

  ClRnn(ClLaunch l, ClMatmul matmul) {
    this.l = l;
    this.matmul = matmul;
  }

  void forward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh, Tensor bIh,
      Tensor bHh, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN, Tensor st) {
    Mode mode = s.mode();
    int t = s.time(x);
    int b = s.batch(x);
    int h = s.hidden();
    int gh = s.gateWidth();
    int in = wIh.size(1);
    int rows = t * b;
    boolean rev = dir == 1;
    int slice = (layer * s.directions() + dir) * b * h;
    int hs = (int) s.hiddenOffset(t, b);
    int cs = (int) s.cellOffset(t, b);
    int ex = (int) s.extraOffset(t, b);
    int step = (int) s.stepOffset(t, b);
    int bias = (int) s.biasOffset(t, b);
    l.start(RNN_FOLD_BIAS).mem(bIh).mem(bHh).i(bIh != null ? 1 : 0).i(mode.ordinal()).i(h)
        .i(gh).mem(st).i(bias).items(2 * gh);
    rows(st, 0, rows, gh, bias);
    matmul.gemm(rows, gh, in, x, 0, in, 1, wIh, 0, 1, in, st, 0, ACCUMULATE, null);
    int start = rev ? t * b * h : 0;
    move(h0, slice, st, hs + start, b * h, h0 == null ? ZERO : COPY);
    if (mode == Mode.LSTM) {
      move(c0, slice, st, cs + start, b * h, c0 == null ? ZERO : COPY);
    }
    for (int i = 0; i < t; i++) {
      int tt = rev ? t - 1 - i : i;
      int prev = (rev ? tt + 1 : tt) * b * h;
      rows(st, step, b, gh, bias + gh);
      matmul.gemm(b, gh, h, st, hs + prev, h, 1, wHh, 0, 1, h, st, step, ACCUMULATE, null);
      l.start(RNN_GATES_FORWARD).i(mode.ordinal()).i(h).i(gh).i(t).i(b).i(tt)
          .i(s.batchFirst(x) ? 1 : 0).i(rev ? 1 : 0).mem(st).i(hs).i(cs).i(ex).i(step).mem(y)
          .i(s.directions() * h).i(dir).items(b * h);
    }
    int last = rev ? 0 : t * b * h;
    if (hN != null) {
      move(st, hs + last, hN, slice, b * h, COPY);
    }
    if (cN != null && mode == Mode.LSTM) {
      move(st, cs + last, cN, slice, b * h, COPY);
    }
  }

  void backward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh, Tensor st,
      Tensor dy, Tensor dhN, Tensor dcN, Tensor dx, Tensor dh0, Tensor dc0, Tensor dwIh,
      Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor sc) {
    Mode mode = s.mode();
    int t = s.time(x);
    int b = s.batch(x);
    int h = s.hidden();
    int gh = s.gateWidth();
    int in = wIh.size(1);
    int rows = t * b;
    boolean rev = dir == 1;
    int slice = (layer * s.directions() + dir) * b * h;
    int hs = (int) s.hiddenOffset(t, b);
    int cs = (int) s.cellOffset(t, b);
    int ex = (int) s.extraOffset(t, b);
    boolean separate = s.separateRecurrentGrad(x);
    int dr = separate ? rows * gh : 0;
    int dh = (separate ? 2 : 1) * rows * gh;
    int dhNext = dh + b * h;
    int dc = dhNext + b * h;
    move(dhN, slice, sc, dh, b * h, dhN == null ? ZERO : COPY);
    if (mode == Mode.LSTM) {
      move(dcN, slice, sc, dc, b * h, dcN == null ? ZERO : COPY);
    }
    for (int i = t - 1; i >= 0; i--) {
      int tt = rev ? t - 1 - i : i;
      l.start(RNN_GATES_BACKWARD).i(mode.ordinal()).i(h).i(gh).i(t).i(b).i(tt)
          .i(s.batchFirst(x) ? 1 : 0).i(rev ? 1 : 0).mem(st).i(hs).i(cs).i(ex).mem(sc).i(dh)
          .mem(dy).i(dy != null ? 1 : 0).i(s.directions() * h).i(dir).i(dr).i(separate ? 1 : 0)
          .i(dhNext).i(dc).items(b * h);
      matmul.gemm(b, h, gh, sc, dr + tt * b * gh, gh, 1, wHh, 0, h, 1, sc, dhNext, ACCUMULATE,
          null);
      int swap = dh;
      dh = dhNext;
      dhNext = swap;
    }
    if (dh0 != null) {
      move(sc, dh, dh0, slice, b * h, ADD);
    }
    if (dc0 != null && mode == Mode.LSTM) {
      move(sc, dc, dc0, slice, b * h, ADD);
    }
    if (dwHh != null) {
      matmul.gemm(gh, h, rows, sc, dr, 1, gh, st, hs + (rev ? b * h : 0), h, 1, dwHh, 0,
          ACCUMULATE, null);
    }
    if (dbHh != null) {
      l.start(RNN_COLUMN_SUMS).mem(sc).i(dr).i(rows).i(gh).mem(dbHh).items(gh);
    }
    if (dbIh != null) {
      l.start(RNN_COLUMN_SUMS).mem(sc).i(0).i(rows).i(gh).mem(dbIh).items(gh);
    }
    if (dwIh != null) {
      matmul.gemm(gh, in, rows, sc, 0, 1, gh, x, 0, in, 1, dwIh, 0, ACCUMULATE, null);
    }
    if (dx != null) {
      matmul.gemm(rows, in, gh, sc, 0, gh, 1, wIh, 0, in, 1, dx, 0, ACCUMULATE, null);
    }
  }

  /** Each of {@code rows} rows at {@code off} = the {@code width} floats at {@code from}. */
  private void rows(Tensor st, int off, int rows, int width, int from) {
    l.start(RNN_BIAS_ROWS).mem(st).i(off).i(rows).i(width).i(from).items(rows * width);
  }

  private void move(Tensor src, int srcOff, Tensor dst, int dstOff, int n, int how) {
    l.start(RNN_MOVE).mem(src).i(srcOff).mem(dst).i(dstOff).i(n).i(how).items(n);
  }
}
