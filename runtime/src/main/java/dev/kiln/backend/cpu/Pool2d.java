package dev.kiln.backend.cpu;

import dev.kiln.backend.Window2d;

/**
 * Max and average pooling over planes, as PyTorch's CPU kernels ({@code cpu_max_pool},
 * {@code cpu_avg_pool}): the same window clipping, NaN rule and divisor (average windows are
 * summed by {@link Windows}, eight lanes at a time). The common 2x2 / stride-2 / unpadded max
 * pool has its own loop without bounds logic.
 */
final class Pool2d {
  private Pool2d() {}

  static void max(PlaneSplit s, int lo, int hi) {
    Window2d k = s.window;
    float[] x = s.x;
    float[] y = s.y;
    float[] idx = s.idx;
    int h = s.h;
    int w = s.w;
    int oh = s.oh;
    int ow = s.ow;
    boolean twoByTwo = k.kernelH() == 2 && k.kernelW() == 2 && k.strideH() == 2
        && k.strideW() == 2 && k.padH() == 0 && k.padW() == 0 && k.dilationH() == 1
        && k.dilationW() == 1 && 2 * oh <= h && 2 * ow <= w;
    for (int p = lo; p < hi; p++) {
      int xo = p * h * w;
      int yo = p * oh * ow;
      if (twoByTwo) {
        max2x2(x, xo, w, y, idx, yo, oh, ow);
        continue;
      }
      for (int i = 0; i < oh; i++) {
        int h0 = i * k.strideH() - k.padH();
        int h1 = Math.min(h0 + (k.kernelH() - 1) * k.dilationH() + 1, h);
        while (h0 < 0) {
          h0 += k.dilationH();
        }
        for (int j = 0; j < ow; j++) {
          int w0 = j * k.strideW() - k.padW();
          int w1 = Math.min(w0 + (k.kernelW() - 1) * k.dilationW() + 1, w);
          while (w0 < 0) {
            w0 += k.dilationW();
          }
          int best = h0 * w + w0;
          float bv = Float.NEGATIVE_INFINITY;
          for (int a = h0; a < h1; a += k.dilationH()) {
            for (int b = w0; b < w1; b += k.dilationW()) {
              float v = x[xo + a * w + b];
              if (v > bv || Float.isNaN(v)) {
                bv = v;
                best = a * w + b;
              }
            }
          }
          y[yo + i * ow + j] = bv;
          idx[yo + i * ow + j] = best;
        }
      }
    }
  }

  private static void max2x2(float[] x, int xo, int w, float[] y, float[] idx, int yo, int oh,
      int ow) {
    for (int i = 0; i < oh; i++) {
      int r0 = xo + 2 * i * w;
      int r1 = r0 + w;
      int o = yo + i * ow;
      for (int j = 0; j < ow; j++) {
        int c = 2 * j;
        float v0 = x[r0 + c];
        float v1 = x[r0 + c + 1];
        float v2 = x[r1 + c];
        float v3 = x[r1 + c + 1];
        float bv = v0;
        int best = 0;
        if (v1 > bv || v1 != v1) {
          bv = v1;
          best = 1;
        }
        if (v2 > bv || v2 != v2) {
          bv = v2;
          best = w;
        }
        if (v3 > bv || v3 != v3) {
          bv = v3;
          best = w + 1;
        }
        y[o + j] = bv;
        idx[o + j] = 2 * i * w + c + best;
      }
    }
  }

  /** {@code x} is dx, {@code y} is dy: scatters each dy to its argmax (planes run in order). */
  static void maxBackward(PlaneSplit s, int lo, int hi) {
    float[] dx = s.x;
    float[] dy = s.y;
    float[] idx = s.idx;
    int in = s.h * s.w;
    int out = s.oh * s.ow;
    for (int p = lo; p < hi; p++) {
      int xo = p * in;
      int yo = p * out;
      for (int o = 0; o < out; o++) {
        dx[xo + (int) idx[yo + o]] += dy[yo + o];
      }
    }
  }

  /** Average pooling; for the backward {@code x} is dx and {@code y} is dy. */
  static void avg(PlaneSplit s, int lo, int hi, boolean backward) {
    Window2d k = s.window;
    float[] x = s.x;
    float[] y = s.y;
    int h = s.h;
    int w = s.w;
    int oh = s.oh;
    int ow = s.ow;
    boolean twoByTwo = k.kernelH() == 2 && k.kernelW() == 2 && k.strideH() == 2
        && k.strideW() == 2 && k.padH() == 0 && k.padW() == 0 && 2 * oh <= h && 2 * ow <= w;
    for (int p = lo; p < hi; p++) {
      int xo = p * h * w;
      int yo = p * oh * ow;
      if (twoByTwo) {
        avg2x2(x, xo, w, y, yo, oh, ow, backward);
        continue;
      }
      for (int i = 0; i < oh; i++) {
        int h0 = i * k.strideH() - k.padH();
        int h1 = Math.min(h0 + k.kernelH(), h + k.padH());
        int poolH = h1 - h0;
        h0 = Math.max(h0, 0);
        h1 = Math.min(h1, h);
        for (int j = 0; j < ow; j++) {
          int w0 = j * k.strideW() - k.padW();
          int w1 = Math.min(w0 + k.kernelW(), w + k.padW());
          int poolW = w1 - w0;
          w0 = Math.max(w0, 0);
          w1 = Math.min(w1, w);
          int o = yo + i * ow + j;
          if (h0 >= h1 || w0 >= w1) {
            if (!backward) {
              y[o] = 0;
            }
            continue;
          }
          int divisor = s.flag ? poolH * poolW : (h1 - h0) * (w1 - w0);
          if (backward) {
            Windows.add(x, xo, w, h0, h1, w0, w1, y[o] / divisor);
          } else {
            y[o] = Windows.sum(x, xo, w, h0, h1, w0, w1) / divisor;
          }
        }
      }
    }
  }

  /** Unpadded 2x2 / stride-2 windows: the divisor is 4 whichever countIncludePad. */
  private static void avg2x2(float[] x, int xo, int w, float[] y, int yo, int oh, int ow,
      boolean backward) {
    for (int i = 0; i < oh; i++) {
      int r0 = xo + 2 * i * w;
      int r1 = r0 + w;
      int o = yo + i * ow;
      for (int j = 0; j < ow; j++) {
        int c = 2 * j;
        if (backward) {
          float g = y[o + j] / 4;
          x[r0 + c] += g;
          x[r0 + c + 1] += g;
          x[r1 + c] += g;
          x[r1 + c + 1] += g;
        } else {
          y[o + j] = (x[r0 + c] + x[r0 + c + 1] + x[r1 + c] + x[r1 + c + 1]) / 4;
        }
      }
    }
  }
}
