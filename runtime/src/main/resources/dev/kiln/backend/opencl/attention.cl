// Scaled dot-product attention over g matrices (batch times heads), and head rearranging.
// Kernels: attention_scores, attention_scores_grad, attention_dq, attention_dk,
// attention_values, attention_values_dprobs, attention_values_dv, split_heads,
// split_heads_backward, copy_range, accumulate_range.
// q (g, l, e), k (g, s, e), v (g, s, ev), p (g, l, s), all contiguous.

// One item per row (m, i): scores, masks, softmax, written into p.
kernel void attention_scores(global const float* q, global const float* k,
                             global const float* mask, int mask_per_matrix,
                             global const float* key_mask, int key_group, int causal,
                             float scale, global float* p, int g, int l, int s, int e) {
  int r = get_global_id(0);
  if (r >= g * l) return;
  int m = r / l;
  int i = r % l;
  int width = causal ? min(i + 1, s) : s;
  global float* row = p + (long) r * s;
  float mx = -INFINITY;
  for (int j = 0; j < width; j++) {
    acc_t acc = 0;
    for (int c = 0; c < e; c++) acc += (acc_t) q[(long) r * e + c] * k[((long) m * s + j) * e + c];
    float x = (float) acc * scale;
    if (mask) x += mask[(mask_per_matrix ? (long) r * s : (long) i * s) + j];
    if (key_mask) x += key_mask[(long) (m / key_group) * s + j];
    row[j] = x;
    mx = fmax(mx, x);
  }
  acc_t sum = 0;
  for (int j = 0; j < width; j++) sum += exp((acc_t) row[j] - mx);
  for (int j = 0; j < width; j++) row[j] = (float) (exp((acc_t) row[j] - mx) / sum);
  for (int j = width; j < s; j++) row[j] = 0.0f;
}

// One item per row: ds = scale * p * (dp - sum(dp * p)); ds may alias dp.
kernel void attention_scores_grad(global const float* p, global const float* dp,
                                  global float* ds, float scale, int rows, int s) {
  int r = get_global_id(0);
  if (r >= rows) return;
  long base = (long) r * s;
  acc_t t = 0;
  for (int j = 0; j < s; j++) t += (acc_t) dp[base + j] * p[base + j];
  for (int j = 0; j < s; j++) ds[base + j] = (float) (((acc_t) dp[base + j] - t) * p[base + j] * scale);
}

// dq[m, i, c] += sum_j ds[m, i, j] k[m, j, c]; one item per element of dq.
kernel void attention_dq(global const float* ds, global const float* k, global float* dq,
                         int g, int l, int s, int e) {
  int x = get_global_id(0);
  if (x >= g * l * e) return;
  int c = x % e;
  int r = x / e;
  int m = r / l;
  acc_t acc = 0;
  for (int j = 0; j < s; j++) acc += (acc_t) ds[(long) r * s + j] * k[((long) m * s + j) * e + c];
  dq[x] += (float) acc;
}

// dk[m, j, c] += sum_i ds[m, i, j] q[m, i, c]; one item per element of dk.
kernel void attention_dk(global const float* ds, global const float* q, global float* dk,
                         int g, int l, int s, int e) {
  int x = get_global_id(0);
  if (x >= g * s * e) return;
  int c = x % e;
  int j = (x / e) % s;
  int m = x / (e * s);
  acc_t acc = 0;
  for (int i = 0; i < l; i++) {
    acc += (acc_t) ds[((long) m * l + i) * s + j] * q[((long) m * l + i) * e + c];
  }
  dk[x] += (float) acc;
}

// out[m, i, c] = sum_j p[m, i, j] v[m, j, c]; one item per element of out.
kernel void attention_values(global const float* p, global const float* v, global float* out,
                             int g, int l, int s, int ev) {
  int x = get_global_id(0);
  if (x >= g * l * ev) return;
  int c = x % ev;
  int r = x / ev;
  int m = r / l;
  acc_t acc = 0;
  for (int j = 0; j < s; j++) acc += (acc_t) p[(long) r * s + j] * v[((long) m * s + j) * ev + c];
  out[x] = (float) acc;
}

// dp[m, i, j] += sum_c dout[m, i, c] v[m, j, c]; one item per element of dp.
kernel void attention_values_dprobs(global const float* dout, global const float* v,
                                    global float* dp, int g, int l, int s, int ev) {
  int x = get_global_id(0);
  if (x >= g * l * s) return;
  int j = x % s;
  int r = x / s;
  int m = r / l;
  acc_t acc = 0;
  for (int c = 0; c < ev; c++) acc += (acc_t) dout[(long) r * ev + c] * v[((long) m * s + j) * ev + c];
  dp[x] += (float) acc;
}

// dv[m, j, c] += sum_i p[m, i, j] dout[m, i, c]; one item per element of dv.
kernel void attention_values_dv(global const float* p, global const float* dout,
                                global float* dv, int g, int l, int s, int ev) {
  int x = get_global_id(0);
  if (x >= g * s * ev) return;
  int c = x % ev;
  int j = (x / ev) % s;
  int m = x / (ev * s);
  acc_t acc = 0;
  for (int i = 0; i < l; i++) {
    acc += (acc_t) p[((long) m * l + i) * s + j] * dout[((long) m * l + i) * ev + c];
  }
  dv[x] += (float) acc;
}

// The index in x (rows (t, b) or (b, t) of c columns) of element o of out (b, h, t, d).
inline long head_index(int o, int b, int h, int t, int d, int c, int col0, int batch_first) {
  int di = o % d;
  int ti = (o / d) % t;
  int hi = (o / (d * t)) % h;
  int bi = o / (d * t * h);
  long row = batch_first ? (long) bi * t + ti : (long) ti * b + bi;
  return row * c + col0 + hi * d + di;
}

kernel void split_heads(global const float* x, int col0, int batch_first, global float* out,
                        int b, int h, int t, int d, int c) {
  int o = get_global_id(0);
  if (o >= b * h * t * d) return;
  out[o] = x[head_index(o, b, h, t, d, c, col0, batch_first)];
}

kernel void split_heads_backward(global const float* dout, int col0, int batch_first,
                                 global float* dx, int b, int h, int t, int d, int c) {
  int o = get_global_id(0);
  if (o >= b * h * t * d) return;
  dx[head_index(o, b, h, t, d, c, col0, batch_first)] += dout[o];
}

kernel void copy_range(global const float* src, int src_off, global float* dst, int dst_off,
                       int n) {
  int i = get_global_id(0);
  if (i < n) dst[dst_off + i] = src[src_off + i];
}

kernel void accumulate_range(global const float* src, int src_off, global float* dst,
                             int dst_off, int n) {
  int i = get_global_id(0);
  if (i < n) dst[dst_off + i] += src[src_off + i];
}
