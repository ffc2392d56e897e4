// Batch and group normalization and dropout. Kernels: bn_stats, bn_update, bn_forward,
// bn_backward, gn_forward, gn_backward_dx, gn_backward_params, dropout_mask, dropout_apply,
// dropout_backward. x (N, C, *) is viewed as (N, C, inner). The reductions run one work group of
// REDUCE_ITEMS items per channel (batch norm) or per sample and group (group norm), in a fixed
// order, so repeated runs are bitwise identical.

// The element offset of the e-th element (0 <= e < n * inner) of channel ch.
inline int chan_offset(int e, int ch, int c, int inner) {
  return ((e / inner) * c + ch) * inner + e % inner;
}

// One group per channel (dimension 1): mean and biased variance, two passes.
kernel void bn_stats(global const float* x, int n, int c, int inner, global float* mean,
                     global float* var) {
  local acc_t scratch[REDUCE_ITEMS];
  int ch = get_group_id(1);
  int count = n * inner;
  acc_t s = 0;
  for (int e = get_local_id(0); e < count; e += REDUCE_ITEMS) s += x[chan_offset(e, ch, c, inner)];
  s = group_sum(s, scratch);
  float mu = (float) (s / count);
  barrier(CLK_LOCAL_MEM_FENCE);
  acc_t q = 0;
  for (int e = get_local_id(0); e < count; e += REDUCE_ITEMS) {
    float d = x[chan_offset(e, ch, c, inner)] - mu;
    q += d * d;
  }
  q = group_sum(q, scratch);
  if (get_local_id(0) == 0) {
    mean[ch] = mu;
    var[ch] = (float) (q / count);
  }
}

// One item: the running-statistics update (momentum NaN: the cumulative average).
kernel void bn_update(global const float* mean, global const float* var, int c, int count,
                      float momentum, global float* rm, global float* rv, global float* tracked,
                      int has_tracked) {
  if (get_global_id(0) != 0) return;
  acc_t factor = momentum;
  if (has_tracked) {
    tracked[0] += 1;
    if (isnan(momentum)) factor = 1.0 / tracked[0];
  }
  acc_t unbias = (acc_t) count / (count - 1);
  for (int ch = 0; ch < c; ch++) {
    rm[ch] = (float) ((1 - factor) * rm[ch] + factor * mean[ch]);
    rv[ch] = (float) ((1 - factor) * rv[ch] + factor * (var[ch] * unbias));
  }
}

kernel void bn_forward(global const float* x, global const float* mean, global const float* var,
                       float eps, global const float* w, global const float* b, int has_w,
                       int has_b, global float* y, int c, int inner, int total) {
  int i = get_global_id(0);
  if (i >= total) return;
  int ch = (i / inner) % c;
  acc_t invstd = 1 / sqrt((acc_t) var[ch] + eps);
  acc_t alpha = has_w ? invstd * w[ch] : invstd;
  float scale = (float) alpha;
  float shift = (float) ((has_b ? b[ch] : 0) - mean[ch] * alpha);
  y[i] = x[i] * scale + shift;
}

// One group per channel: the sums of dy and dy * (x - mean), then dweight, dbias and dx.
kernel void bn_backward(global const float* x, global const float* dy, global const float* mean,
                        global const float* var, float eps, global const float* w, int has_w,
                        int batch_stats, int n, int c, int inner, global float* dx,
                        global float* dw, global float* db, int has_dx, int has_dw, int has_db) {
  local acc_t scratch[REDUCE_ITEMS];
  int ch = get_group_id(1);
  int count = n * inner;
  float mu = mean[ch];
  acc_t s = 0;
  for (int e = get_local_id(0); e < count; e += REDUCE_ITEMS) s += dy[chan_offset(e, ch, c, inner)];
  acc_t sum_dy = group_sum(s, scratch);
  barrier(CLK_LOCAL_MEM_FENCE);
  acc_t t = 0;
  for (int e = get_local_id(0); e < count; e += REDUCE_ITEMS) {
    int o = chan_offset(e, ch, c, inner);
    t += dy[o] * (x[o] - mu);
  }
  acc_t dot = group_sum(t, scratch);
  acc_t invstd = 1 / sqrt((acc_t) var[ch] + eps);
  if (get_local_id(0) == 0) {
    if (has_dw) dw[ch] += (float) (dot * invstd);
    if (has_db) db[ch] += (float) sum_dy;
  }
  if (!has_dx) return;
  acc_t scale = has_w ? invstd * w[ch] : invstd;
  acc_t k = batch_stats ? dot * invstd * invstd / count : 0;
  acc_t mean_dy = batch_stats ? sum_dy / count : 0;
  float fa = (float) scale;
  float fb = (float) (-k * scale);
  float fc = (float) (-mean_dy * scale);
  for (int e = get_local_id(0); e < count; e += REDUCE_ITEMS) {
    int o = chan_offset(e, ch, c, inner);
    dx[o] += dy[o] * fa + (x[o] - mu) * fb + fc;
  }
}

// One group per (sample, group) (dimension 1): statistics, then the normalised output.
kernel void gn_forward(global const float* x, int groups, int c, int inner, float eps,
                       global const float* w, global const float* b, int has_w, int has_b,
                       global float* y, global float* mean, global float* invstd) {
  local acc_t scratch[REDUCE_ITEMS];
  int ng = get_group_id(1);
  int per = c / groups;
  int len = per * inner;
  int base = ng * len;
  acc_t s = 0;
  for (int e = get_local_id(0); e < len; e += REDUCE_ITEMS) s += x[base + e];
  s = group_sum(s, scratch);
  float mu = (float) (s / len);
  barrier(CLK_LOCAL_MEM_FENCE);
  acc_t q = 0;
  for (int e = get_local_id(0); e < len; e += REDUCE_ITEMS) {
    float d = x[base + e] - mu;
    q += d * d;
  }
  q = group_sum(q, scratch);
  acc_t rs = 1 / sqrt(q / len + eps);
  if (get_local_id(0) == 0) {
    mean[ng] = mu;
    invstd[ng] = (float) rs;
  }
  for (int e = get_local_id(0); e < len; e += REDUCE_ITEMS) {
    int ch = (ng % groups) * per + e / inner;
    acc_t alpha = has_w ? rs * w[ch] : rs;
    float scale = (float) alpha;
    float shift = (float) ((has_b ? b[ch] : 0) - mu * alpha);
    y[base + e] = x[base + e] * scale + shift;
  }
}

// One group per (sample, group): dx from the group's sums of dy * w and dy * w * (x - mean).
kernel void gn_backward_dx(global const float* x, global const float* dy, int groups, int c,
                           int inner, global const float* mean, global const float* invstd,
                           global const float* w, int has_w, global float* dx) {
  local acc_t scratch[REDUCE_ITEMS];
  int ng = get_group_id(1);
  int per = c / groups;
  int len = per * inner;
  int base = ng * len;
  float mu = mean[ng];
  acc_t rs = invstd[ng];
  acc_t s = 0;
  acc_t t = 0;
  for (int e = get_local_id(0); e < len; e += REDUCE_ITEMS) {
    int ch = (ng % groups) * per + e / inner;
    acc_t wc = has_w ? w[ch] : 1;
    s += dy[base + e] * wc;
    t += dy[base + e] * (x[base + e] - mu) * wc;
  }
  acc_t sum_g = group_sum(s, scratch);
  barrier(CLK_LOCAL_MEM_FENCE);
  acc_t dot_g = group_sum(t, scratch);
  float fb = (float) (-dot_g * rs * rs * rs / len);
  float fc = (float) (-sum_g * rs / len);
  for (int e = get_local_id(0); e < len; e += REDUCE_ITEMS) {
    int ch = (ng % groups) * per + e / inner;
    float fa = (float) (has_w ? rs * w[ch] : rs);
    dx[base + e] += dy[base + e] * fa + (x[base + e] - mu) * fb + fc;
  }
}

// One item per channel: dweight += sum(dy * xhat), dbias += sum(dy) over samples and inner.
kernel void gn_backward_params(global const float* x, global const float* dy, int n, int groups,
                               int c, int inner, global const float* mean,
                               global const float* invstd, global float* dw, global float* db,
                               int has_dw, int has_db) {
  int ch = get_global_id(0);
  if (ch >= c) return;
  int g = ch / (c / groups);
  acc_t sw = 0;
  acc_t sb = 0;
  for (int i = 0; i < n; i++) {
    float mu = mean[i * groups + g];
    acc_t dot = 0;
    acc_t sum = 0;
    int base = (i * c + ch) * inner;
    for (int j = 0; j < inner; j++) {
      sum += dy[base + j];
      dot += dy[base + j] * (x[base + j] - mu);
    }
    sw += (float) (dot * invstd[i * groups + g]);
    sb += (float) sum;
  }
  if (has_dw) dw[ch] += (float) sw;
  if (has_db) db[ch] += (float) sb;
}

// mask[i] = u(seed, i) >= p ? scale : 0, u from MurmurHash3's finaliser of (i * golden + lo) ^ hi.
kernel void dropout_mask(global float* mask, int seed_lo, int seed_hi, float p, float scale,
                         int total) {
  int i = get_global_id(0);
  if (i >= total) return;
  uint h = ((uint) i * 0x9e3779b9u + (uint) seed_lo) ^ (uint) seed_hi;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  float u = (float) (h >> 8) * 0x1p-24f;
  mask[i] = u >= p ? scale : 0.0f;
}

kernel void dropout_apply(global const float* x, global const float* mask, int k,
                          global float* y, int total) {
  int i = get_global_id(0);
  if (i >= total) return;
  y[i] = x[i] * mask[i / k];
}

kernel void dropout_backward(global const float* dy, global const float* mask, int k,
                             global float* dx, int total) {
  int i = get_global_id(0);
  if (i >= total) return;
  dx[i] += dy[i] * mask[i / k];
}
