// Reductions and their backward. Kernels: sum_all, sum_backward, sum_dim, sum_dim_backward,
// argmax_dim, sum_rows. A tensor reduced along one dimension is viewed as (outer, n, inner).
// sum_all runs as one work group of REDUCE_ITEMS items, so its order is fixed.

kernel void sum_all(global const float* x, int n, global float* out) {
  local acc_t scratch[REDUCE_ITEMS];
  acc_t s = 0;
  for (int i = get_local_id(0); i < n; i += REDUCE_ITEMS) s += x[i];
  s = group_sum(s, scratch);
  if (get_local_id(0) == 0) out[0] = (float) s;
}

kernel void sum_backward(global const float* dout, float scale, global float* dx, int n) {
  int i = get_global_id(0);
  if (i < n) dx[i] += scale * dout[0];
}

kernel void sum_dim(global const float* x, int n, int inner, global float* out, int count) {
  int j = get_global_id(0);
  if (j >= count) return;
  int base = (j / inner) * n * inner + j % inner;
  acc_t s = 0;
  for (int k = 0; k < n; k++) s += x[base + k * inner];
  out[j] = (float) s;
}

kernel void sum_dim_backward(global const float* dout, int n, int inner, float scale,
                             global float* dx, int count) {
  int i = get_global_id(0);
  if (i >= count) return;
  int j = (i / (n * inner)) * inner + i % inner;
  dx[i] += scale * dout[j];
}

// First maximum, NaN counting as the maximum; the index is written as a float.
kernel void argmax_dim(global const float* x, int n, int inner, global float* out, int count) {
  int j = get_global_id(0);
  if (j >= count) return;
  int base = (j / inner) * n * inner + j % inner;
  int best = 0;
  float bv = x[base];
  for (int k = 1; k < n && !isnan(bv); k++) {
    float c = x[base + k * inner];
    if (c > bv || isnan(c)) {
      best = k;
      bv = c;
    }
  }
  out[j] = (float) best;
}

// db[j] += sum over rows r of dy[r * cols + j], in row order (a linear layer's bias gradient).
kernel void sum_rows(global const float* dy, int rows, int cols, global float* db) {
  int j = get_global_id(0);
  if (j >= cols) return;
  float acc = db[j];
  for (int r = 0; r < rows; r++) acc += dy[r * cols + j];
  db[j] = acc;
}
