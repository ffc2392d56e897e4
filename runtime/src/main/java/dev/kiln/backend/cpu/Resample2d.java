package dev.kiln.backend.cpu;

/**
 * Adaptive average pooling and nearest / bilinear upsampling over planes, with PyTorch's index
 * formulas ({@code start_index}/{@code end_index}, {@code nearest_idx},
 * {@code area_pixel_compute_source_index}) in the same float arithmetic. For the backward,
 * {@link PlaneSplit#x} is dx and {@link PlaneSplit#y} is dy.
 */
final class Resample2d {
  private Resample2d() {}

  static void adaptive(PlaneSplit s, int lo, int hi, boolean backward) {
    float[] x = s.x;
    float[] y = s.y;
    int h = s.h;
    int w = s.w;
    int oh = s.oh;
    int ow = s.ow;
    for (int p = lo; p < hi; p++) {
      int xo = p * h * w;
      int yo = p * oh * ow;
      for (int i = 0; i < oh; i++) {
        int h0 = (int) ((long) i * h / oh);
        int h1 = (int) (((long) (i + 1) * h + oh - 1) / oh);
        for (int j = 0; j < ow; j++) {
          int w0 = (int) ((long) j * w / ow);
          int w1 = (int) (((long) (j + 1) * w + ow - 1) / ow);
          int o = yo + i * ow + j;
          if (backward) {
            Windows.add(x, xo, w, h0, h1, w0, w1, y[o] / (h1 - h0) / (w1 - w0));
          } else {
            y[o] = Windows.sum(x, xo, w, h0, h1, w0, w1) / (h1 - h0) / (w1 - w0);
          }
        }
      }
    }
  }

  /** PyTorch's {@code nearest_idx}: the source index of output index {@code o}. */
  static int nearest(int o, int in, int out) {
    if (out == in) {
      return o;
    } else if (out == 2 * in) {
      return o >> 1;
    }
    float scale = (float) in / out;
    return Math.min((int) Math.floor(o * scale), in - 1);
  }

  static void nearest(PlaneSplit s, int lo, int hi, boolean backward) {
    float[] x = s.x;
    float[] y = s.y;
    int h = s.h;
    int w = s.w;
    int oh = s.oh;
    int ow = s.ow;
    for (int p = lo; p < hi; p++) {
      int xo = p * h * w;
      int yo = p * oh * ow;
      for (int i = 0; i < oh; i++) {
        int row = xo + nearest(i, h, oh) * w;
        int o = yo + i * ow;
        if (backward) {
          for (int j = 0; j < ow; j++) {
            x[row + nearest(j, w, ow)] += y[o + j];
          }
        } else if (ow == 2 * w) {
          for (int j = 0; j < w; j++) {
            float v = x[row + j];
            y[o + 2 * j] = v;
            y[o + 2 * j + 1] = v;
          }
        } else {
          for (int j = 0; j < ow; j++) {
            y[o + j] = x[row + nearest(j, w, ow)];
          }
        }
      }
    }
  }

  /** PyTorch's {@code area_pixel_compute_scale} for a linear mode. */
  static float scale(int in, int out, boolean alignCorners) {
    if (alignCorners) {
      return out > 1 ? (float) (in - 1) / (out - 1) : 0f;
    }
    return (float) in / out;
  }

  /** PyTorch's {@code area_pixel_compute_source_index} (linear), before truncation. */
  static float source(float scale, int o, boolean alignCorners) {
    if (alignCorners) {
      return scale * o;
    }
    float src = scale * (o + 0.5f) - 0.5f;
    return src < 0 ? 0 : src;
  }

  /** Fills the job's column tables for {@link #bilinear}, once per call, before the split. */
  static void bilinearColumns(PlaneSplit s) {
    if (s.col0.length < s.ow) {
      s.col0 = new int[s.ow];
      s.col1 = new int[s.ow];
      s.lam1 = new float[s.ow];
    }
    float sw = scale(s.w, s.ow, s.flag);
    for (int j = 0; j < s.ow; j++) {
      int w0 = j;
      int w1 = j;
      float lw1 = 0;
      if (s.ow != s.w) {
        float real = source(sw, j, s.flag);
        w0 = (int) real;
        w1 = w0 + (w0 < s.w - 1 ? 1 : 0);
        lw1 = real - w0;
      }
      s.col0[j] = w0;
      s.col1[j] = w1;
      s.lam1[j] = lw1;
    }
  }

  static void bilinear(PlaneSplit s, int lo, int hi, boolean backward) {
    float[] x = s.x;
    float[] y = s.y;
    int h = s.h;
    int w = s.w;
    int oh = s.oh;
    int ow = s.ow;
    boolean align = s.flag;
    float sh = scale(h, oh, align);
    int[] col0 = s.col0;
    int[] col1 = s.col1;
    float[] lam1 = s.lam1;
    for (int p = lo; p < hi; p++) {
      int xo = p * h * w;
      int yo = p * oh * ow;
      for (int i = 0; i < oh; i++) {
        int h0 = i;
        int h1 = i;
        float lh1 = 0;
        if (oh != h) {
          float real = source(sh, i, align);
          h0 = (int) real;
          h1 = h0 + (h0 < h - 1 ? 1 : 0);
          lh1 = real - h0;
        }
        float lh0 = 1 - lh1;
        int r0 = xo + h0 * w;
        int r1 = xo + h1 * w;
        for (int j = 0; j < ow; j++) {
          int w0 = col0[j];
          int w1 = col1[j];
          float lw1 = lam1[j];
          float lw0 = 1 - lw1;
          int o = yo + i * ow + j;
          if (backward) {
            float g = y[o];
            x[r0 + w0] += lh0 * lw0 * g;
            x[r0 + w1] += lh0 * lw1 * g;
            x[r1 + w0] += lh1 * lw0 * g;
            x[r1 + w1] += lh1 * lw1 * g;
          } else {
            y[o] = lh0 * (lw0 * x[r0 + w0] + lw1 * x[r0 + w1])
                + lh1 * (lw0 * x[r1 + w0] + lw1 * x[r1 + w1]);
          }
        }
      }
    }
  }
}
