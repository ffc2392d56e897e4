// Recurrent layers (RNN, LSTM, GRU): the host (ClRnn) runs the products on matmul.cl's gemm and
// these kernels per time step, on offsets into a layer's state and scratch laid out as RnnSpec
// says. mode: 0 RNN tanh, 1 RNN ReLU, 2 LSTM, 3 GRU (RnnSpec.Mode's order).
// Kernels: rnn_move, rnn_bias_rows, rnn_fold_bias, rnn_gates_forward, rnn_gates_backward,
// rnn_column_sums.

inline float rnn_sigmoid(float v) {
  return (float) ((acc_t) 1 / ((acc_t) 1 + exp(-(acc_t) v)));
}

// how 0: dst = 0, 1: dst = src, 2: dst += src, over n elements at the offsets.
kernel void rnn_move(global const float* src, int srcOff, global float* dst, int dstOff, int n,
                     int how) {
  int i = get_global_id(0);
  if (i >= n) return;
  float v = how == 0 ? 0.0f : src[srcOff + i];
  dst[dstOff + i] = how == 2 ? dst[dstOff + i] + v : v;
}

// Row r of the rows x width block at off = the row of width floats at from.
kernel void rnn_bias_rows(global float* st, int off, int rows, int width, int from) {
  int i = get_global_id(0);
  if (i >= rows * width) return;
  st[off + i] = st[from + i % width];
}

// The folded bias rows at `at`: b_ih + b_hh (the GRU's n block: b_in), then the recurrent
// product's (b_hn in the GRU's n block, else 0); zeros without biases.
kernel void rnn_fold_bias(global const float* bih, global const float* bhh, int has, int mode,
                          int h, int gh, global float* st, int at) {
  int i = get_global_id(0);
  if (i >= 2 * gh) return;
  float v = 0.0f;
  if (has) {
    int j = i % gh;
    int n = mode == 3 && j >= 2 * h;
    v = i < gh ? (n ? bih[j] : bih[j] + bhh[j]) : (n ? bhh[j] : 0.0f);
  }
  st[at + i] = v;
}

// One time step tt: item (r, j) activates the gates of batch row r at column j, writes the new
// cell and hidden state and y's element.
kernel void rnn_gates_forward(int mode, int h, int gh, int t, int b, int tt, int bf, int rev,
                              global float* st, int hs, int cs, int ex, int step,
                              global float* y, int yw, int dir) {
  int i = get_global_id(0);
  if (i >= b * h) return;
  int r = i / h;
  int j = i % h;
  int row = bf ? r * t + tt : tt * b + r;
  int g = row * gh + j;
  int rec = step + r * gh + j;
  int prev = (rev ? tt + 1 : tt) * b * h + r * h + j;
  int cur = (rev ? tt : tt + 1) * b * h + r * h + j;
  int e = ex + (tt * b + r) * h + j;
  float v;
  if (mode == 2) {
    float ig = rnn_sigmoid(st[g] + st[rec]);
    float fg = rnn_sigmoid(st[g + h] + st[rec + h]);
    float gg = tanh(st[g + 2 * h] + st[rec + 2 * h]);
    float og = rnn_sigmoid(st[g + 3 * h] + st[rec + 3 * h]);
    float c = fg * st[cs + prev] + ig * gg;
    float tc = tanh(c);
    st[g] = ig;
    st[g + h] = fg;
    st[g + 2 * h] = gg;
    st[g + 3 * h] = og;
    st[cs + cur] = c;
    st[e] = tc;
    v = og * tc;
  } else if (mode == 3) {
    float rg = rnn_sigmoid(st[g] + st[rec]);
    float zg = rnn_sigmoid(st[g + h] + st[rec + h]);
    float hn = st[rec + 2 * h];
    float ng = tanh(st[g + 2 * h] + rg * hn);
    st[g] = rg;
    st[g + h] = zg;
    st[g + 2 * h] = ng;
    st[e] = hn;
    v = ng + zg * (st[hs + prev] - ng);
  } else {
    float p = st[g] + st[rec];
    v = mode == 0 ? tanh(p) : fmax(p, 0.0f);
    st[g] = v;
  }
  st[hs + cur] = v;
  y[row * yw + dir * h + j] = v;
}

// The backward of one step: item (r, j) reads dh (+ dy when hasDy) and writes the pre-activation
// gradients at dp (and dr when sep), the direct part of the previous state's gradient at dhp and
// the previous cell's gradient over dc.
kernel void rnn_gates_backward(int mode, int h, int gh, int t, int b, int tt, int bf, int rev,
                               global const float* st, int hs, int cs, int ex,
                               global float* sc, int dh, global const float* dy, int hasDy,
                               int yw, int dir, int dr, int sep, int dhp, int dc) {
  int i = get_global_id(0);
  if (i >= b * h) return;
  int r = i / h;
  int j = i % h;
  int row = bf ? r * t + tt : tt * b + r;
  int g = row * gh + j;
  int dp = row * gh + j;
  int dq = dr + (tt * b + r) * gh + j;
  int prev = (rev ? tt + 1 : tt) * b * h + r * h + j;
  int e = ex + (tt * b + r) * h + j;
  float dhv = sc[dh + i] + (hasDy ? dy[row * yw + dir * h + j] : 0.0f);
  float direct = 0.0f;
  float d0, d1 = 0.0f, d2 = 0.0f, d3 = 0.0f, d2r = 0.0f;
  if (mode == 2) {
    float ig = st[g], fg = st[g + h], gg = st[g + 2 * h], og = st[g + 3 * h];
    float tc = st[e];
    float dcv = sc[dc + i] + dhv * og * (1.0f - tc * tc);
    d0 = dcv * gg * ig * (1.0f - ig);
    d1 = dcv * st[cs + prev] * fg * (1.0f - fg);
    d2 = dcv * ig * (1.0f - gg * gg);
    d3 = dhv * tc * og * (1.0f - og);
    d2r = d2;
    sc[dc + i] = dcv * fg;
  } else if (mode == 3) {
    float rg = st[g], zg = st[g + h], ng = st[g + 2 * h];
    float dn = dhv * (1.0f - zg) * (1.0f - ng * ng);
    d0 = dn * st[e] * rg * (1.0f - rg);
    d1 = dhv * (st[hs + prev] - ng) * zg * (1.0f - zg);
    d2 = dn;
    d2r = dn * rg;
    direct = dhv * zg;
  } else {
    float v = st[g];
    d0 = mode == 0 ? dhv * (1.0f - v * v) : (v > 0.0f ? dhv : 0.0f);
  }
  int gates = mode == 2 ? 4 : mode == 3 ? 3 : 1;
  sc[dp] = d0;
  if (gates > 1) {
    sc[dp + h] = d1;
    sc[dp + 2 * h] = d2;
  }
  if (gates > 3) sc[dp + 3 * h] = d3;
  if (sep) {
    sc[dq] = d0;
    if (gates > 1) {
      sc[dq + h] = d1;
      sc[dq + 2 * h] = d2r;
    }
    if (gates > 3) sc[dq + 3 * h] = d3;
  }
  sc[dhp + i] = direct;
}

// d[j] += sum over rows of g[off + r * width + j], rows in order.
kernel void rnn_column_sums(global const float* g, int off, int rows, int width,
                            global float* d) {
  int j = get_global_id(0);
  if (j >= width) return;
  float acc = d[j];
  for (int r = 0; r < rows; r++) acc += g[off + r * width + j];
  d[j] = acc;
}
