// Convolutions, computed directly (no im2col): one work item per element it writes, summing
// its terms in a fixed order. Kernels: conv_forward, conv_backward_data, conv_backward_weight,
// conv_fill_channels, conv_channel_sums.
// GEOMETRY is the underlying convolution from in (n, c, h, w) to out (n, o, oh, ow) with weight
// (o, c / groups, kh, kw); a transposed convolution swaps the roles of its tensors.
#define GEOMETRY int n, int c, int h, int w, int o, int oh, int ow, int groups, int kh, int kw, \
    int sh, int sw, int ph, int pw, int dh, int dw

// out = [out or bias[channel] or 0] + conv(in, wt); mode 0 overwrite, 1 accumulate.
kernel void conv_forward(global const float* in, global const float* wt,
                         global const float* bias, global float* out, int mode, GEOMETRY) {
  int i = get_global_id(0);
  if (i >= n * o * oh * ow) return;
  int ox = i % ow, oy = i / ow % oh, oc = i / (ow * oh) % o, s = i / (ow * oh * o);
  int cg = c / groups, g = oc / (o / groups);
  float acc = mode == 1 ? out[i] : bias != 0 ? bias[oc] : 0.0f;
  for (int ic = 0; ic < cg; ic++) {
    global const float* plane = in + (s * c + g * cg + ic) * h * w;
    global const float* wk = wt + (oc * cg + ic) * kh * kw;
    for (int ki = 0; ki < kh; ki++) {
      int iy = oy * sh - ph + ki * dh;
      if (iy < 0 || iy >= h) continue;
      for (int kj = 0; kj < kw; kj++) {
        int ix = ox * sw - pw + kj * dw;
        if (ix >= 0 && ix < w) acc += plane[iy * w + ix] * wk[ki * kw + kj];
      }
    }
  }
  out[i] = acc;
}

// din += the input gradient of conv for the output gradient dout.
kernel void conv_backward_data(global float* din, global const float* wt,
                               global const float* dout, GEOMETRY) {
  int i = get_global_id(0);
  if (i >= n * c * h * w) return;
  int ix = i % w, iy = i / w % h, ch = i / (w * h) % c, s = i / (w * h * c);
  int cg = c / groups, og = o / groups, g = ch / cg, ic = ch % cg;
  float acc = 0.0f;
  for (int oc = g * og; oc < (g + 1) * og; oc++) {
    global const float* plane = dout + (s * o + oc) * oh * ow;
    global const float* wk = wt + (oc * cg + ic) * kh * kw;
    for (int ki = 0; ki < kh; ki++) {
      int ty = iy + ph - ki * dh;
      if (ty < 0 || ty % sh != 0 || ty / sh >= oh) continue;
      for (int kj = 0; kj < kw; kj++) {
        int tx = ix + pw - kj * dw;
        if (tx >= 0 && tx % sw == 0 && tx / sw < ow)
          acc += plane[ty / sh * ow + tx / sw] * wk[ki * kw + kj];
      }
    }
  }
  din[i] += acc;
}

// dwt += sum over samples and output positions of dout * in.
kernel void conv_backward_weight(global const float* in, global const float* dout,
                                 global float* dwt, GEOMETRY) {
  int cg = c / groups;
  int i = get_global_id(0);
  if (i >= o * cg * kh * kw) return;
  int kj = i % kw, ki = i / kw % kh, ic = i / (kw * kh) % cg, oc = i / (kw * kh * cg);
  int g = oc / (o / groups);
  float acc = 0.0f;
  for (int s = 0; s < n; s++) {
    global const float* plane = in + (s * c + g * cg + ic) * h * w;
    global const float* grad = dout + (s * o + oc) * oh * ow;
    for (int oy = 0; oy < oh; oy++) {
      int iy = oy * sh - ph + ki * dh;
      if (iy < 0 || iy >= h) continue;
      for (int ox = 0; ox < ow; ox++) {
        int ix = ox * sw - pw + kj * dw;
        if (ix >= 0 && ix < w) acc += grad[oy * ow + ox] * plane[iy * w + ix];
      }
    }
  }
  dwt[i] += acc;
}

// t[sample][channel][*] = bias[channel], or 0 without bias; t has count elements.
kernel void conv_fill_channels(global float* t, global const float* bias, int channels,
                               int positions, int count) {
  int i = get_global_id(0);
  if (i < count) t[i] = bias != 0 ? bias[i / positions % channels] : 0.0f;
}

// db[channel] += the sum of g[*][channel][*] over samples and positions.
kernel void conv_channel_sums(global const float* g, global float* db, int samples,
                              int channels, int positions) {
  int ch = get_global_id(0);
  if (ch >= channels) return;
  float acc = 0.0f;
  for (int s = 0; s < samples; s++) {
    global const float* row = g + (s * channels + ch) * positions;
    for (int p = 0; p < positions; p++) acc += row[p];
  }
  db[ch] += acc;
}
