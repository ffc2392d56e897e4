package dev.kiln.backend.cpu;

import dev.kiln.backend.RnnSpec.Mode;

/**
 * One batch row of one time step of a recurrent cell, forward and backward, on offsets into the
 * layer's state ({@code st}) and scratch ({@code sc}) arrays ({@link RnnKernel} computes them).
 * The forward adds the recurrent product to the gate row's input projection and activates it in
 * place (vectorised on {@link ExpActivations}); the backward writes the pre-activation gradients.
 */
final class RnnGates {
  private RnnGates() {}

  /**
   * Gates at {@code g} (input projection + folded bias) and the step's recurrent product at
   * {@code rec}; previous and new hidden states at {@code hp}, {@code hc}, cell states at {@code
   * cp}, {@code cc}; {@code ex} the row of {@code tanh(c)} (LSTM) or {@code W_hn h + b_hn} (GRU);
   * the new state is also written to {@code y[yo ..]}.
   */
  static void forward(Mode mode, int h, float[] st, int g, int rec, int hp, int hc, int cp,
      int cc, int ex, float[] y, int yo) {
    switch (mode) {
      case LSTM -> {
        add(st, rec, g, 4 * h);
        sigmoid(st, g, g + 2 * h);
        tanh(st, g + 2 * h, g + 3 * h);
        sigmoid(st, g + 3 * h, g + 4 * h);
        for (int j = 0; j < h; j++) {
          float c = st[g + h + j] * st[cp + j] + st[g + j] * st[g + 2 * h + j];
          st[cc + j] = c;
          st[ex + j] = c;
        }
        tanh(st, ex, ex + h);
        for (int j = 0; j < h; j++) {
          float v = st[g + 3 * h + j] * st[ex + j];
          st[hc + j] = v;
          y[yo + j] = v;
        }
      }
      case GRU -> {
        add(st, rec, g, 2 * h);
        sigmoid(st, g, g + 2 * h);
        System.arraycopy(st, rec + 2 * h, st, ex, h);
        for (int j = 0; j < h; j++) {
          st[g + 2 * h + j] += st[g + j] * st[ex + j];
        }
        tanh(st, g + 2 * h, g + 3 * h);
        for (int j = 0; j < h; j++) {
          float z = st[g + h + j];
          float n = st[g + 2 * h + j];
          float v = n + z * (st[hp + j] - n);
          st[hc + j] = v;
          y[yo + j] = v;
        }
      }
      default -> {
        add(st, rec, g, h);
        if (mode == Mode.RNN_TANH) {
          tanh(st, g, g + h);
        } else {
          for (int j = g; j < g + h; j++) {
            st[j] = Math.max(st[j], 0f);
          }
        }
        System.arraycopy(st, g, st, hc, h);
        System.arraycopy(st, g, y, yo, h);
      }
    }
  }

  /**
   * The backward of {@link #forward} for one row: {@code dh} (the gradient of the new hidden
   * state from later steps) plus {@code dy[dyo ..]} (when dy is not null); writes the input
   * pre-activation gradients at {@code dp} and the recurrent ones at {@code dr} (the same place
   * unless they differ), the direct part of the previous state's gradient at {@code dhp} (the
   * caller adds the recurrent product), and replaces the cell gradient at {@code dc} with the
   * previous cell's.
   */
  static void backward(Mode mode, int h, float[] st, int g, int hp, int cp, int ex, float[] sc,
      int dh, float[] dy, int dyo, int dp, int dr, int dhp, int dc) {
    switch (mode) {
      case LSTM -> {
        for (int j = 0; j < h; j++) {
          float dhv = sc[dh + j] + (dy == null ? 0f : dy[dyo + j]);
          float i = st[g + j];
          float f = st[g + h + j];
          float gg = st[g + 2 * h + j];
          float o = st[g + 3 * h + j];
          float tc = st[ex + j];
          float dcv = sc[dc + j] + dhv * o * (1f - tc * tc);
          sc[dp + j] = dcv * gg * i * (1f - i);
          sc[dp + h + j] = dcv * st[cp + j] * f * (1f - f);
          sc[dp + 2 * h + j] = dcv * i * (1f - gg * gg);
          sc[dp + 3 * h + j] = dhv * tc * o * (1f - o);
          sc[dc + j] = dcv * f;
          sc[dhp + j] = 0f;
        }
      }
      case GRU -> {
        for (int j = 0; j < h; j++) {
          float dhv = sc[dh + j] + (dy == null ? 0f : dy[dyo + j]);
          float r = st[g + j];
          float z = st[g + h + j];
          float n = st[g + 2 * h + j];
          float dn = dhv * (1f - z) * (1f - n * n);
          sc[dp + j] = dn * st[ex + j] * r * (1f - r);
          sc[dp + h + j] = dhv * (st[hp + j] - n) * z * (1f - z);
          sc[dp + 2 * h + j] = dn;
          sc[dhp + j] = dhv * z;
          sc[dr + 2 * h + j] = dn * r; // dr != dp for the GRU; r and z copied below
        }
      }
      default -> {
        boolean tanh = mode == Mode.RNN_TANH;
        for (int j = 0; j < h; j++) {
          float dhv = sc[dh + j] + (dy == null ? 0f : dy[dyo + j]);
          float v = st[g + j];
          sc[dp + j] = tanh ? dhv * (1f - v * v) : v > 0f ? dhv : 0f;
          sc[dhp + j] = 0f;
        }
      }
    }
    if (dr != dp) {
      int same = mode == Mode.GRU ? 2 * h : mode.gates() * h;
      System.arraycopy(sc, dp, sc, dr, same);
    }
  }

  private static void add(float[] st, int from, int to, int n) {
    if (Simd.ENABLED) {
      VectorDots.axpy(1f, st, from, st, to, n);
    } else {
      for (int j = 0; j < n; j++) {
        st[to + j] += st[from + j];
      }
    }
  }

  private static void sigmoid(float[] a, int from, int to) {
    if (Simd.ENABLED) {
      ExpActivations.sigmoid(a, a, from, to);
    } else {
      for (int i = from; i < to; i++) {
        a[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
      }
    }
  }

  private static void tanh(float[] a, int from, int to) {
    if (Simd.ENABLED) {
      ExpActivations.tanh(a, a, from, to);
    } else {
      for (int i = from; i < to; i++) {
        a[i] = (float) Math.tanh(a[i]);
      }
    }
  }
}
