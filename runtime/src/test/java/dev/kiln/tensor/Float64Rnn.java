package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

import dev.kiln.backend.RnnSpec;
import dev.kiln.backend.RnnSpec.Mode;

/**
 * The recurrent kernels in double, as plain loops: per step and batch row, the gates from the
 * definitions ({@code W_ih x + b_ih + W_hh h + b_hh}, PyTorch's gate order), and the backward
 * through time with every product written out. The state keeps the activated gates, hidden and
 * cell states and the GRU's {@code W_hn h + b_hn} at {@link RnnSpec}'s offsets.
 */
final class Float64Rnn {
  private Float64Rnn() {}

  private record Dims(int t, int b, int h, int g, int in, int yw, int slice, boolean bf,
      boolean rev) {
    int row(int tt, int r) {
      return bf ? r * t + tt : tt * b + r;
    }

    /** The state index of step {@code tt}'s previous (or, with {@code next}, new) hidden row. */
    int hidden(int tt, boolean next) {
      int k = rev ? (next ? tt : tt + 1) : (next ? tt + 1 : tt);
      return k * b * h;
    }
  }

  private static Dims dims(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh) {
    int b = s.batch(x);
    int h = s.hidden();
    return new Dims(s.time(x), b, h, s.mode().gates(), wIh.size(1), s.directions() * h,
        (layer * s.directions() + dir) * b * h, s.batchFirst(x), dir == 1);
  }

  static void forward(RnnSpec s, int layer, int dir, Tensor xt, Tensor wIht, Tensor wHht,
      Tensor bIht, Tensor bHht, Tensor h0, Tensor c0, Tensor yt, Tensor hN, Tensor cN,
      Tensor state) {
    Dims m = dims(s, layer, dir, xt, wIht);
    double[] x = d(xt);
    double[] wIh = d(wIht);
    double[] wHh = d(wHht);
    double[] st = d(state);
    double[] y = d(yt);
    int h = m.h;
    int gh = m.g * h;
    int hs = (int) s.hiddenOffset(m.t, m.b);
    int cs = (int) s.cellOffset(m.t, m.b);
    int ex = (int) s.extraOffset(m.t, m.b);
    Mode mode = s.mode();
    int start = m.rev ? m.t * m.b * h : 0;
    for (int i = 0; i < m.b * h; i++) {
      st[hs + start + i] = h0 == null ? 0 : d(h0)[m.slice + i];
      if (mode == Mode.LSTM) {
        st[cs + start + i] = c0 == null ? 0 : d(c0)[m.slice + i];
      }
    }
    for (int i = 0; i < m.t; i++) {
      int tt = m.rev ? m.t - 1 - i : i;
      for (int r = 0; r < m.b; r++) {
        int row = m.row(tt, r);
        int hp = hs + m.hidden(tt, false) + r * h;
        int hc = hs + m.hidden(tt, true) + r * h;
        double[] gi = new double[gh];
        double[] gr = new double[gh];
        for (int q = 0; q < gh; q++) {
          double a = bIht == null ? 0 : d(bIht)[q];
          for (int k = 0; k < m.in; k++) {
            a += wIh[q * m.in + k] * x[row * m.in + k];
          }
          double c = bHht == null ? 0 : d(bHht)[q];
          for (int k = 0; k < h; k++) {
            c += wHh[q * h + k] * st[hp + k];
          }
          gi[q] = a;
          gr[q] = c;
        }
        int g = row * gh;
        for (int j = 0; j < h; j++) {
          double v;
          if (mode == Mode.LSTM) {
            double ig = sig(gi[j] + gr[j]);
            double fg = sig(gi[h + j] + gr[h + j]);
            double gg = Math.tanh(gi[2 * h + j] + gr[2 * h + j]);
            double og = sig(gi[3 * h + j] + gr[3 * h + j]);
            double c = fg * st[cs + m.hidden(tt, false) + r * h + j] + ig * gg;
            st[cs + m.hidden(tt, true) + r * h + j] = c;
            st[ex + (tt * m.b + r) * h + j] = Math.tanh(c);
            v = og * Math.tanh(c);
            st[g + j] = ig;
            st[g + h + j] = fg;
            st[g + 2 * h + j] = gg;
            st[g + 3 * h + j] = og;
          } else if (mode == Mode.GRU) {
            double rg = sig(gi[j] + gr[j]);
            double zg = sig(gi[h + j] + gr[h + j]);
            double ng = Math.tanh(gi[2 * h + j] + rg * gr[2 * h + j]);
            st[ex + (tt * m.b + r) * h + j] = gr[2 * h + j];
            v = (1 - zg) * ng + zg * st[hp + j];
            st[g + j] = rg;
            st[g + h + j] = zg;
            st[g + 2 * h + j] = ng;
          } else {
            double p = gi[j] + gr[j];
            v = mode == Mode.RNN_TANH ? Math.tanh(p) : Math.max(p, 0);
            st[g + j] = v;
          }
          st[hc + j] = v;
          y[row * m.yw + dir * h + j] = v;
        }
      }
    }
    int last = m.rev ? 0 : m.t * m.b * h;
    for (int i = 0; i < m.b * h; i++) {
      if (hN != null) {
        d(hN)[m.slice + i] = st[hs + last + i];
      }
      if (cN != null && mode == Mode.LSTM) {
        d(cN)[m.slice + i] = st[cs + last + i];
      }
    }
  }

  static void backward(RnnSpec s, int layer, int dir, Tensor xt, Tensor wIht, Tensor wHht,
      Tensor state, Tensor dyt, Tensor dhN, Tensor dcN, Tensor dxt, Tensor dh0, Tensor dc0,
      Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor scratch) {
    Dims m = dims(s, layer, dir, xt, wIht);
    double[] x = d(xt);
    double[] wIh = d(wIht);
    double[] wHh = d(wHht);
    double[] st = d(state);
    int h = m.h;
    int gh = m.g * h;
    int hs = (int) s.hiddenOffset(m.t, m.b);
    int cs = (int) s.cellOffset(m.t, m.b);
    int ex = (int) s.extraOffset(m.t, m.b);
    Mode mode = s.mode();
    double[] dh = new double[m.b * h];
    double[] dc = new double[m.b * h];
    for (int i = 0; i < m.b * h; i++) {
      dh[i] = dhN == null ? 0 : d(dhN)[m.slice + i];
      dc[i] = dcN == null || mode != Mode.LSTM ? 0 : d(dcN)[m.slice + i];
    }
    for (int i = m.t - 1; i >= 0; i--) {
      int tt = m.rev ? m.t - 1 - i : i;
      double[] dhPrev = new double[m.b * h];
      for (int r = 0; r < m.b; r++) {
        int row = m.row(tt, r);
        int g = row * gh;
        int hp = hs + m.hidden(tt, false) + r * h;
        double[] dp = new double[gh];
        double[] dr = new double[gh];
        for (int j = 0; j < h; j++) {
          double dhv = dh[r * h + j] + (dyt == null ? 0 : d(dyt)[row * m.yw + dir * h + j]);
          if (mode == Mode.LSTM) {
            double ig = st[g + j];
            double fg = st[g + h + j];
            double gg = st[g + 2 * h + j];
            double og = st[g + 3 * h + j];
            double tc = st[ex + (tt * m.b + r) * h + j];
            double dcv = dc[r * h + j] + dhv * og * (1 - tc * tc);
            dp[j] = dcv * gg * ig * (1 - ig);
            dp[h + j] = dcv * st[cs + m.hidden(tt, false) + r * h + j] * fg * (1 - fg);
            dp[2 * h + j] = dcv * ig * (1 - gg * gg);
            dp[3 * h + j] = dhv * tc * og * (1 - og);
            dc[r * h + j] = dcv * fg;
          } else if (mode == Mode.GRU) {
            double rg = st[g + j];
            double zg = st[g + h + j];
            double ng = st[g + 2 * h + j];
            double dn = dhv * (1 - zg) * (1 - ng * ng);
            dp[j] = dn * st[ex + (tt * m.b + r) * h + j] * rg * (1 - rg);
            dp[h + j] = dhv * (st[hp + j] - ng) * zg * (1 - zg);
            dp[2 * h + j] = dn;
            dhPrev[r * h + j] += dhv * zg;
          } else {
            double v = st[g + j];
            dp[j] = mode == Mode.RNN_TANH ? dhv * (1 - v * v) : v > 0 ? dhv : 0;
          }
        }
        System.arraycopy(dp, 0, dr, 0, gh);
        if (mode == Mode.GRU) {
          for (int j = 0; j < h; j++) {
            dr[2 * h + j] = dp[2 * h + j] * st[g + j];
          }
        }
        for (int q = 0; q < gh; q++) {
          for (int k = 0; k < h; k++) {
            dhPrev[r * h + k] += dr[q] * wHh[q * h + k];
            if (dwHh != null) {
              d(dwHh)[q * h + k] += dr[q] * st[hp + k];
            }
          }
          for (int k = 0; k < m.in; k++) {
            if (dwIh != null) {
              d(dwIh)[q * m.in + k] += dp[q] * x[row * m.in + k];
            }
            if (dxt != null) {
              d(dxt)[row * m.in + k] += dp[q] * wIh[q * m.in + k];
            }
          }
          if (dbIh != null) {
            d(dbIh)[q] += dp[q];
          }
          if (dbHh != null) {
            d(dbHh)[q] += dr[q];
          }
        }
      }
      dh = dhPrev;
    }
    for (int i = 0; i < m.b * h; i++) {
      if (dh0 != null) {
        d(dh0)[m.slice + i] += dh[i];
      }
      if (dc0 != null && mode == Mode.LSTM) {
        d(dc0)[m.slice + i] += dc[i];
      }
    }
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
