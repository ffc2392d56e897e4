// Losses, computed in acc_t as the CPU computes them in double. Kernels: pointwise_loss,
// pointwise_loss_reduce, pointwise_loss_backward, class_loss, class_loss_reduce,
// class_total_weight, class_loss_backward, invalid_class_index.
// op: LossOp ordinal (0 mse, 1 l1, 2 smooth_l1, 3 huber, 4 bce, 5 bce_with_logits);
// reduction: 0 none, 1 mean, 2 sum. Weights broadcast with strides sw/sq over x's shape.
// Class losses view x as (n, c, inner) and the target as (n, inner).

inline acc_t softplus_(acc_t v) {
  return fmax(v, (acc_t) 0) + log1p(exp(-fabs(v)));
}

inline acc_t sigmoid_(acc_t v) {
  return v >= 0 ? (acc_t) 1 / ((acc_t) 1 + exp(-v)) : exp(v) / ((acc_t) 1 + exp(v));
}

inline acc_t loss_value(int op, float p, float x, float y, acc_t q) {
  float diff = x - y;
  acc_t z = fabs((acc_t) diff);
  acc_t halfv = (acc_t) 0.5f;
  switch (op) {
    case 0: return z * z;
    case 1: return z;
    case 2: return z < p ? halfv * z * z / p : z - halfv * p;
    case 3: return z < p ? halfv * z * z : p * (z - halfv * p);
    case 4: return -(y * fmax(log((acc_t) x), (acc_t) -100)
        + ((acc_t) 1 - y) * fmax(log1p(-(acc_t) x), (acc_t) -100));
    default: return ((acc_t) 1 - y) * x + ((acc_t) 1 + (q - (acc_t) 1) * y) * softplus_(-(acc_t) x);
  }
}

inline acc_t loss_derivative(int op, float p, float x, float y, acc_t q) {
  float diff = x - y;
  switch (op) {
    case 0: return (acc_t) 2 * diff;
    case 1: return sign((acc_t) diff);
    case 2: return diff <= -p ? (acc_t) -1 : diff >= p ? (acc_t) 1 : diff / (acc_t) p;
    case 3: return diff <= -p ? (acc_t) -p : diff >= p ? (acc_t) p : (acc_t) diff;
    case 4: return (x - (acc_t) y) / fmax(((acc_t) 1 - x) * x, (acc_t) 1e-12f);
    default: return (q * y + (acc_t) 1 - y) * sigmoid_((acc_t) x) - q * y;
  }
}

inline acc_t weighted_loss(int op, float p, global const float* x, global const float* y,
                           global const float* w, int8 sw, global const float* q, int8 sq,
                           int8 shape, int i) {
  acc_t qi = q ? (acc_t) q[bcast_offset(i, shape, sq)] : (acc_t) 1;
  acc_t l = loss_value(op, p, x[i], y[i], qi);
  return w ? l * w[bcast_offset(i, shape, sw)] : l;
}

kernel void pointwise_loss(int op, float p, global const float* x, global const float* y,
                           global const float* w, int8 sw, global const float* q, int8 sq,
                           int8 shape, global float* out, int n) {
  int i = get_global_id(0);
  if (i < n) out[i] = (float) weighted_loss(op, p, x, y, w, sw, q, sq, shape, i);
}

kernel void pointwise_loss_reduce(int op, float p, global const float* x, global const float* y,
                                  global const float* w, int8 sw, global const float* q, int8 sq,
                                  int8 shape, global float* out, int n, int reduction) {
  local acc_t scratch[REDUCE_ITEMS];
  acc_t s = 0;
  for (int i = get_local_id(0); i < n; i += REDUCE_ITEMS)
    s += weighted_loss(op, p, x, y, w, sw, q, sq, shape, i);
  s = group_sum(s, scratch);
  if (get_local_id(0) == 0) out[0] = (float) (reduction == 1 ? s / n : s);
}

kernel void pointwise_loss_backward(int op, float p, global const float* x,
                                    global const float* y, global const float* w, int8 sw,
                                    global const float* q, int8 sq, int8 shape,
                                    global const float* dout, global float* dx, int n,
                                    int reduction) {
  int i = get_global_id(0);
  if (i >= n) return;
  acc_t gi = reduction == 0 ? (acc_t) dout[i]
      : dout[0] * (reduction == 1 ? (acc_t) 1 / n : (acc_t) 1);
  acc_t qi = q ? (acc_t) q[bcast_offset(i, shape, sq)] : (acc_t) 1;
  acc_t dl = loss_derivative(op, p, x[i], y[i], qi);
  if (w) dl *= w[bcast_offset(i, shape, sw)];
  dx[i] += (float) (dl * gi);
}

inline acc_t class_w(global const float* w, int cls) {
  return w ? (acc_t) w[cls] : (acc_t) 1;
}

inline acc_t class_lse(global const float* x, int base, int inner, int c) {
  acc_t m = -INFINITY;
  for (int j = 0; j < c; j++) m = fmax(m, (acc_t) x[base + j * inner]);
  acc_t s = 0;
  for (int j = 0; j < c; j++) s += exp(x[base + j * inner] - m);
  return m + log(s);
}

inline acc_t class_value(global const float* x, global const float* t, global const float* w,
                         int e, int c, int inner, int ignore, float smoothing, int logSoftmax) {
  int cls = (int) t[e];
  if (cls == ignore) return 0;
  int base = (e / inner) * c * inner + e % inner;
  acc_t lse = logSoftmax ? class_lse(x, base, inner, c) : 0;
  acc_t l = -((acc_t) 1 - smoothing) * class_w(w, cls) * (x[base + cls * inner] - lse);
  if (smoothing > 0) {
    acc_t s = 0;
    for (int j = 0; j < c; j++) s += class_w(w, j) * (x[base + j * inner] - lse);
    l -= smoothing / (acc_t) c * s;
  }
  return l;
}

kernel void class_loss(global const float* x, global const float* t, global const float* w,
                       int c, int inner, int ignore, float smoothing, int logSoftmax,
                       global float* out, int count) {
  int e = get_global_id(0);
  if (e < count) out[e] = (float) class_value(x, t, w, e, c, inner, ignore, smoothing, logSoftmax);
}

inline acc_t total_weight(global const float* t, global const float* w, int ignore, int count) {
  acc_t s = 0;
  for (int e = get_local_id(0); e < count; e += REDUCE_ITEMS) {
    int cls = (int) t[e];
    if (cls != ignore) s += class_w(w, cls);
  }
  return s;
}

kernel void class_loss_reduce(global const float* x, global const float* t,
                              global const float* w, int c, int inner, int ignore,
                              float smoothing, int logSoftmax, global float* out, int count,
                              int reduction) {
  local acc_t scratch[REDUCE_ITEMS];
  acc_t s = 0;
  for (int e = get_local_id(0); e < count; e += REDUCE_ITEMS)
    s += class_value(x, t, w, e, c, inner, ignore, smoothing, logSoftmax);
  s = group_sum(s, scratch);
  barrier(CLK_LOCAL_MEM_FENCE);
  acc_t tw = reduction == 1 ? group_sum(total_weight(t, w, ignore, count), scratch) : 1;
  if (get_local_id(0) == 0) out[0] = (float) (reduction == 1 ? s / tw : s);
}

kernel void class_total_weight(global const float* t, global const float* w, int ignore,
                               int count, global acc_t* result) {
  local acc_t scratch[REDUCE_ITEMS];
  acc_t s = group_sum(total_weight(t, w, ignore, count), scratch);
  if (get_local_id(0) == 0) result[0] = s;
}

// One item per target element; scale holds the MEAN divisor (class_total_weight) or is null.
kernel void class_loss_backward(global const float* x, global const float* t,
                                global const float* w, int c, int inner, int ignore,
                                float smoothing, int logSoftmax, global const float* dout,
                                int reduction, global const acc_t* total, global float* dx,
                                int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int cls = (int) t[e];
  if (cls == ignore) return;
  acc_t scale = reduction == 1 ? (acc_t) 1 / total[0] : (acc_t) 1;
  acc_t ge = reduction == 0 ? (acc_t) dout[e] : dout[0] * scale;
  int base = (e / inner) * c * inner + e % inner;
  acc_t dzSum = 0;
  for (int j = 0; j < c; j++) dzSum += -smoothing / (acc_t) c * class_w(w, j) * ge;
  acc_t target = ((acc_t) 1 - smoothing) * class_w(w, cls) * ge;
  dzSum -= target;
  acc_t lse = logSoftmax ? class_lse(x, base, inner, c) : 0;
  for (int j = 0; j < c; j++) {
    acc_t dz = -smoothing / (acc_t) c * class_w(w, j) * ge;
    if (j == cls) dz -= target;
    acc_t v = logSoftmax ? dz - exp(x[base + j * inner] - lse) * dzSum : dz;
    dx[base + j * inner] += (float) v;
  }
}

kernel void invalid_class_index(global const float* t, int classes, int ignore,
                                global int* first, int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  float v = t[i];
  bool integral = v == rint(v) && fabs(v) <= 1e9f;
  if (!integral || ((int) v != ignore && (v < 0 || v >= classes))) atomic_min(first, i);
}
