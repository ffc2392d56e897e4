// Pooling, upsampling and rearranging over planes (P, H, W) -> (P, OH, OW). Kernels: max_pool2d,
// max_pool2d_backward, avg_pool2d, avg_pool2d_backward, adaptive_avg_pool2d,
// adaptive_avg_pool2d_backward, upsample_nearest2d, upsample_nearest2d_backward,
// upsample_bilinear2d, upsample_bilinear2d_backward, pixel_shuffle, pixel_shuffle_backward,
// pad2d, pad2d_backward.
// d = (H, W, OH, OW, a, b, 0, 0) with a, b the op's extra sizes (pixel shuffle: r; pad: left,
// top); k = (kh, kw, sh, sw, ph, pw, dh, dw). Forward kernels run one item per output element,
// backward kernels one per input element, gathering the outputs that read it in increasing order,
// so they add the same terms in the same order as the CPU's scatter, with no atomics.

// The first output index whose window (start o*s - p, taps d apart, k of them) may cover i.
inline int first_window(int i, int k, int s, int p, int d) {
  int t = i + p - d * (k - 1);
  return t <= 0 ? 0 : (t + s - 1) / s;
}

kernel void max_pool2d(global const float* x, global float* idx, global float* y, int8 d,
                       int8 k, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int ow = e % d.s3, oh = e / d.s3 % d.s2, p = e / (d.s2 * d.s3);
  int h0 = oh * k.s2 - k.s4, h1 = min(h0 + (k.s0 - 1) * k.s6 + 1, d.s0);
  int w0 = ow * k.s3 - k.s5, w1 = min(w0 + (k.s1 - 1) * k.s7 + 1, d.s1);
  while (h0 < 0) h0 += k.s6;
  while (w0 < 0) w0 += k.s7;
  global const float* plane = x + p * d.s0 * d.s1;
  int best = h0 * d.s1 + w0;
  float bv = -INFINITY;
  for (int a = h0; a < h1; a += k.s6) {
    for (int b = w0; b < w1; b += k.s7) {
      float v = plane[a * d.s1 + b];
      if (v > bv || isnan(v)) {
        bv = v;
        best = a * d.s1 + b;
      }
    }
  }
  y[e] = bv;
  idx[e] = (float) best;
}

kernel void max_pool2d_backward(global const float* idx, global const float* dy,
                                global float* dx, int8 d, int8 k, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int c = e % d.s1, r = e / d.s1 % d.s0, p = e / (d.s0 * d.s1);
  float me = (float) (r * d.s1 + c);
  int base = p * d.s2 * d.s3;
  int i1 = min(d.s2, (r + k.s4) / k.s2 + 1), j1 = min(d.s3, (c + k.s5) / k.s3 + 1);
  float acc = dx[e];
  for (int i = first_window(r, k.s0, k.s2, k.s4, k.s6); i < i1; i++) {
    for (int j = first_window(c, k.s1, k.s3, k.s5, k.s7); j < j1; j++) {
      if (idx[base + i * d.s3 + j] == me) acc += dy[base + i * d.s3 + j];
    }
  }
  dx[e] = acc;
}

// Window (clipped to the input) and divisor of output (i, j), as avg_pool2d.
inline int avg_window(int i, int j, int8 d, int8 k, int include, int4* box) {
  int h0 = i * k.s2 - k.s4, h1 = min(h0 + k.s0, d.s0 + k.s4);
  int w0 = j * k.s3 - k.s5, w1 = min(w0 + k.s1, d.s1 + k.s5);
  int padded = (h1 - h0) * (w1 - w0);
  h0 = max(h0, 0);
  w0 = max(w0, 0);
  h1 = min(h1, d.s0);
  w1 = min(w1, d.s1);
  *box = (int4) (h0, h1, w0, w1);
  return include ? padded : (h1 - h0) * (w1 - w0);
}

kernel void avg_pool2d(global const float* x, global float* y, int8 d, int8 k, int include,
                       int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int ow = e % d.s3, oh = e / d.s3 % d.s2, p = e / (d.s2 * d.s3);
  int4 box;
  int divisor = avg_window(oh, ow, d, k, include, &box);
  if (box.s0 >= box.s1 || box.s2 >= box.s3) {
    y[e] = 0;
    return;
  }
  global const float* plane = x + p * d.s0 * d.s1;
  float sum = 0;
  for (int a = box.s0; a < box.s1; a++) {
    for (int b = box.s2; b < box.s3; b++) sum += plane[a * d.s1 + b];
  }
  y[e] = sum / divisor;
}

kernel void avg_pool2d_backward(global const float* dy, global float* dx, int8 d, int8 k,
                                int include, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int c = e % d.s1, r = e / d.s1 % d.s0, p = e / (d.s0 * d.s1);
  int base = p * d.s2 * d.s3;
  int i1 = min(d.s2, (r + k.s4) / k.s2 + 1), j1 = min(d.s3, (c + k.s5) / k.s3 + 1);
  float acc = dx[e];
  for (int i = first_window(r, k.s0, k.s2, k.s4, 1); i < i1; i++) {
    for (int j = first_window(c, k.s1, k.s3, k.s5, 1); j < j1; j++) {
      int4 box;
      int divisor = avg_window(i, j, d, k, include, &box);
      if (r >= box.s0 && r < box.s1 && c >= box.s2 && c < box.s3) {
        acc += dy[base + i * d.s3 + j] / divisor;
      }
    }
  }
  dx[e] = acc;
}

inline int start_index(int i, int out, int in) { return (int) (((long) i * in) / out); }
inline int end_index(int i, int out, int in) {
  return (int) ((((long) i + 1) * in + out - 1) / out);
}

kernel void adaptive_avg_pool2d(global const float* x, global float* y, int8 d, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int ow = e % d.s3, oh = e / d.s3 % d.s2, p = e / (d.s2 * d.s3);
  int h0 = start_index(oh, d.s2, d.s0), h1 = end_index(oh, d.s2, d.s0);
  int w0 = start_index(ow, d.s3, d.s1), w1 = end_index(ow, d.s3, d.s1);
  global const float* plane = x + p * d.s0 * d.s1;
  float sum = 0;
  for (int a = h0; a < h1; a++) {
    for (int b = w0; b < w1; b++) sum += plane[a * d.s1 + b];
  }
  y[e] = sum / (h1 - h0) / (w1 - w0);
}

// The outputs [lo, hi) whose source range may contain input index r (in of them, out outputs):
// a superset, with a margin of two; callers test each exactly.
inline int2 around(int r, int in, int out, float m) {
  int lo = (int) floor((r - 1.5f) * m) - 2;
  int hi = (int) ceil((r + 1.5f) * m) + 3;
  return (int2) (max(lo, 0), min(hi, out));
}

kernel void adaptive_avg_pool2d_backward(global const float* dy, global float* dx, int8 d,
                                         int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int c = e % d.s1, r = e / d.s1 % d.s0, p = e / (d.s0 * d.s1);
  int base = p * d.s2 * d.s3;
  int2 ri = around(r, d.s0, d.s2, (float) d.s2 / d.s0);
  int2 rj = around(c, d.s1, d.s3, (float) d.s3 / d.s1);
  float acc = dx[e];
  for (int i = ri.s0; i < ri.s1; i++) {
    int h0 = start_index(i, d.s2, d.s0), h1 = end_index(i, d.s2, d.s0);
    if (r < h0 || r >= h1) continue;
    for (int j = rj.s0; j < rj.s1; j++) {
      int w0 = start_index(j, d.s3, d.s1), w1 = end_index(j, d.s3, d.s1);
      if (c >= w0 && c < w1) acc += dy[base + i * d.s3 + j] / (h1 - h0) / (w1 - w0);
    }
  }
  dx[e] = acc;
}

inline int nearest_idx(int o, int in, int out) {
  if (out == in) return o;
  if (out == 2 * in) return o >> 1;
  float scale = (float) in / out;
  return min((int) floor(o * scale), in - 1);
}

kernel void upsample_nearest2d(global const float* x, global float* y, int8 d, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int ow = e % d.s3, oh = e / d.s3 % d.s2, p = e / (d.s2 * d.s3);
  y[e] = x[p * d.s0 * d.s1 + nearest_idx(oh, d.s0, d.s2) * d.s1 + nearest_idx(ow, d.s1, d.s3)];
}

kernel void upsample_nearest2d_backward(global const float* dy, global float* dx, int8 d,
                                        int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int c = e % d.s1, r = e / d.s1 % d.s0, p = e / (d.s0 * d.s1);
  int base = p * d.s2 * d.s3;
  int2 ri = around(r, d.s0, d.s2, (float) d.s2 / d.s0);
  int2 rj = around(c, d.s1, d.s3, (float) d.s3 / d.s1);
  float acc = dx[e];
  for (int i = ri.s0; i < ri.s1; i++) {
    if (nearest_idx(i, d.s0, d.s2) != r) continue;
    for (int j = rj.s0; j < rj.s1; j++) {
      if (nearest_idx(j, d.s1, d.s3) == c) acc += dy[base + i * d.s3 + j];
    }
  }
  dx[e] = acc;
}

inline float linear_scale(int in, int out, int align) {
  if (align) return out > 1 ? (float) (in - 1) / (out - 1) : 0.0f;
  return (float) in / out;
}

// Lower and upper source index and the upper one's weight, as the CPU's bilinear.
inline float linear_src(int o, int in, int out, float scale, int align, int2* lohi) {
  if (out == in) {
    *lohi = (int2) (o, o);
    return 0.0f;
  }
  float real = align ? scale * o : scale * (o + 0.5f) - 0.5f;
  if (!align && real < 0) real = 0;
  int lo = (int) real;
  *lohi = (int2) (lo, lo + (lo < in - 1 ? 1 : 0));
  return real - lo;
}

kernel void upsample_bilinear2d(global const float* x, global float* y, int8 d, int align,
                                int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int ow = e % d.s3, oh = e / d.s3 % d.s2, p = e / (d.s2 * d.s3);
  int2 hs, ws;
  float lh1 = linear_src(oh, d.s0, d.s2, linear_scale(d.s0, d.s2, align), align, &hs);
  float lw1 = linear_src(ow, d.s1, d.s3, linear_scale(d.s1, d.s3, align), align, &ws);
  float lh0 = 1 - lh1, lw0 = 1 - lw1;
  global const float* r0 = x + p * d.s0 * d.s1 + hs.s0 * d.s1;
  global const float* r1 = x + p * d.s0 * d.s1 + hs.s1 * d.s1;
  y[e] = lh0 * (lw0 * r0[ws.s0] + lw1 * r0[ws.s1]) + lh1 * (lw0 * r1[ws.s0] + lw1 * r1[ws.s1]);
}

// The outputs that may read input index r: all when a side has one element, else a margin.
inline int2 bilinear_around(int r, int in, int out, int align) {
  if (in == 1 || out == 1) return (int2) (0, out);
  return around(r, in, out, align ? (float) (out - 1) / (in - 1) : (float) out / in);
}

kernel void upsample_bilinear2d_backward(global const float* dy, global float* dx, int8 d,
                                         int align, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int c = e % d.s1, r = e / d.s1 % d.s0, p = e / (d.s0 * d.s1);
  int base = p * d.s2 * d.s3;
  float sh = linear_scale(d.s0, d.s2, align), sw = linear_scale(d.s1, d.s3, align);
  int2 ri = bilinear_around(r, d.s0, d.s2, align);
  int2 rj = bilinear_around(c, d.s1, d.s3, align);
  float acc = dx[e];
  for (int i = ri.s0; i < ri.s1; i++) {
    int2 hs;
    float lh1 = linear_src(i, d.s0, d.s2, sh, align, &hs);
    float lh0 = 1 - lh1;
    if (hs.s0 != r && hs.s1 != r) continue;
    for (int j = rj.s0; j < rj.s1; j++) {
      int2 ws;
      float lw1 = linear_src(j, d.s1, d.s3, sw, align, &ws);
      float lw0 = 1 - lw1;
      if (ws.s0 != c && ws.s1 != c) continue;
      float g = dy[base + i * d.s3 + j];
      if (hs.s0 == r && ws.s0 == c) acc += lh0 * lw0 * g;
      if (hs.s0 == r && ws.s1 == c) acc += lh0 * lw1 * g;
      if (hs.s1 == r && ws.s0 == c) acc += lh1 * lw0 * g;
      if (hs.s1 == r && ws.s1 == c) acc += lh1 * lw1 * g;
    }
  }
  dx[e] = acc;
}

// y (Q, OH, OW) from x (Q r r, H, W): y[q, a r + i, b r + j] = x[q r r + i r + j, a, b].
kernel void pixel_shuffle(global const float* x, global float* y, int8 d, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int r = d.s4;
  int col = e % d.s3, row = e / d.s3 % d.s2, q = e / (d.s2 * d.s3);
  int plane = (q * r + row % r) * r + col % r;
  y[e] = x[(plane * d.s0 + row / r) * d.s1 + col / r];
}

kernel void pixel_shuffle_backward(global const float* dy, global float* dx, int8 d,
                                   int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int r = d.s4;
  int b = e % d.s1, a = e / d.s1 % d.s0, plane = e / (d.s0 * d.s1);
  int q = plane / (r * r), i = plane / r % r, j = plane % r;
  dx[e] += dy[(q * d.s2 + a * r + i) * d.s3 + b * r + j];
}

kernel void pad2d(global const float* x, global float* y, int8 d, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int c = e % d.s3 - d.s4, r = e / d.s3 % d.s2 - d.s5, p = e / (d.s2 * d.s3);
  y[e] = (r >= 0 && r < d.s0 && c >= 0 && c < d.s1) ? x[(p * d.s0 + r) * d.s1 + c] : 0.0f;
}

kernel void pad2d_backward(global const float* dy, global float* dx, int8 d, int count) {
  int e = get_global_id(0);
  if (e >= count) return;
  int c = e % d.s1 + d.s4, r = e / d.s1 % d.s0 + d.s5, p = e / (d.s0 * d.s1);
  if (r >= 0 && r < d.s2 && c >= 0 && c < d.s3) dx[e] += dy[(p * d.s2 + r) * d.s3 + c];
}
