// Embedding lookup and layer / RMS normalization over rows. Kernels: row_norm_forward,
// row_norm_backward_dx, row_norm_backward_params,
// embedding_forward, embedding_backward, add_positional. x is viewed as (rows, d); centered selects
// layer normalization (mean subtracted) over RMS normalization. The row reductions run one work
// group of REDUCE_ITEMS items per row in a fixed order, so repeated runs are bitwise identical.

// One group per row (dimension 1): statistics, then the normalised row.
kernel void row_norm_forward(global const float* x, int d, float eps, int centered,
                             global const float* w, global const float* b, int has_w, int has_b,
                             global float* y, global float* mean, global float* rstd) {
  local acc_t scratch[REDUCE_ITEMS];
  int r = get_group_id(1);
  int base = r * d;
  float mu = 0.0f;
  if (centered) {
    acc_t s = 0;
    for (int j = get_local_id(0); j < d; j += REDUCE_ITEMS) s += x[base + j];
    s = group_sum(s, scratch);
    mu = (float) (s / d);
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  acc_t q = 0;
  for (int j = get_local_id(0); j < d; j += REDUCE_ITEMS) {
    float v = x[base + j] - mu;
    q += v * v;
  }
  q = group_sum(q, scratch);
  float rs = (float) (1 / sqrt(q / d + eps));
  if (get_local_id(0) == 0) {
    if (centered) mean[r] = mu;
    rstd[r] = rs;
  }
  for (int j = get_local_id(0); j < d; j += REDUCE_ITEMS) {
    float wj = has_w ? w[j] : 1.0f;
    float bj = has_b ? b[j] : 0.0f;
    y[base + j] = (x[base + j] - mu) * rs * wj + bj;
  }
}

// One group per row: dx += dy * w * rstd + (x - mean) * fb + fc from the row's sums of g = dy * w
// and g * (x - mean).
kernel void row_norm_backward_dx(global const float* x, global const float* dy, int d,
                                 int centered, global const float* mean,
                                 global const float* rstd, global const float* w, int has_w,
                                 global float* dx) {
  local acc_t scratch[REDUCE_ITEMS];
  int r = get_group_id(1);
  int base = r * d;
  float mu = centered ? mean[r] : 0.0f;
  float rs = rstd[r];
  acc_t s = 0;
  acc_t t = 0;
  for (int j = get_local_id(0); j < d; j += REDUCE_ITEMS) {
    float g = dy[base + j] * (has_w ? w[j] : 1.0f);
    s += g;
    t += g * (x[base + j] - mu);
  }
  acc_t sum_g = group_sum(s, scratch);
  barrier(CLK_LOCAL_MEM_FENCE);
  acc_t dot_g = group_sum(t, scratch);
  acc_t rs3 = (acc_t) rs * rs * rs;
  float fb = (float) (-dot_g * rs3 / d);
  float fc = centered ? (float) (-sum_g * rs / d) : 0.0f;
  for (int j = get_local_id(0); j < d; j += REDUCE_ITEMS) {
    float wj = has_w ? w[j] : 1.0f;
    dx[base + j] += dy[base + j] * wj * rs + (x[base + j] - mu) * fb + fc;
  }
}

// One item per column: dweight += sum(dy * (x - mean) * rstd), dbias += sum(dy) over rows.
kernel void row_norm_backward_params(global const float* x, global const float* dy, int rows,
                                     int d, int centered, global const float* mean,
                                     global const float* rstd, global float* dw,
                                     global float* db, int has_dw, int has_db) {
  int j = get_global_id(0);
  if (j >= d) return;
  acc_t sw = 0;
  acc_t sb = 0;
  for (int r = 0; r < rows; r++) {
    float mu = centered ? mean[r] : 0.0f;
    float g = dy[r * d + j];
    sw += g * (x[r * d + j] - mu) * rstd[r];
    sb += g;
  }
  if (has_dw) dw[j] += (float) sw;
  if (has_db) db[j] += (float) sb;
}

// One item per output element: y[i, j] = weight[indices[i], j].
kernel void embedding_forward(global const float* indices, global const float* weight, int d,
                              global float* y, int total) {
  int e = get_global_id(0);
  if (e >= total) return;
  int i = e / d;
  y[e] = weight[(int) indices[i] * d + e % d];
}

// One item per column j: dweight[indices[i], j] += dy[i, j] for every i in order (no two items
// write the same element, and repeated indices sum in the CPU's order), padding_idx skipped.
kernel void embedding_backward(global const float* indices, global const float* dy, int n, int d,
                               int padding_idx, global float* dweight) {
  int j = get_global_id(0);
  if (j >= d) return;
  for (int i = 0; i < n; i++) {
    int row = (int) indices[i];
    if (row != padding_idx) dweight[row * d + j] += dy[i * d + j];
  }
}

// One item per element: y[o, t, m, j] = x[o, t, m, j] + table[t, j], x (outer, seq_len, inner, d).
kernel void add_positional(global const float* x, global const float* table, int seq_len,
                           int inner, int d, global float* y, int total) {
  int i = get_global_id(0);
  if (i >= total) return;
  int t = (i / d / inner) % seq_len;
  y[i] = x[i] + table[t * d + i % d];
}
