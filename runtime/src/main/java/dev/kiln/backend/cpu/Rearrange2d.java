package dev.kiln.backend.cpu;

/**
 * Pixel shuffle and zero padding over planes: pure data movement, one pass over each plane. For
 * the backward, {@link PlaneSplit#x} is dx and {@link PlaneSplit#y} is dy.
 */
final class Rearrange2d {
  private Rearrange2d() {}

  /**
   * Input plane {@code p = q*r*r + i*r + j} of {@code x (.., h, w)} goes to rows
   * {@code h*r + i}, columns {@code w*r + j} of plane {@code q} of {@code y}.
   */
  static void shuffle(PlaneSplit s, int lo, int hi, boolean backward) {
    float[] x = s.x;
    float[] y = s.y;
    int h = s.h;
    int w = s.w;
    int r = s.r;
    int ow = s.ow;
    for (int p = lo; p < hi; p++) {
      int q = p / (r * r);
      int i = p / r % r;
      int j = p % r;
      int xo = p * h * w;
      int yo = q * s.oh * ow + i * ow + j;
      for (int a = 0; a < h; a++) {
        int xr = xo + a * w;
        int yr = yo + a * r * ow;
        if (backward) {
          for (int b = 0; b < w; b++) {
            x[xr + b] += y[yr + b * r];
          }
        } else {
          for (int b = 0; b < w; b++) {
            y[yr + b * r] = x[xr + b];
          }
        }
      }
    }
  }

  /** {@code y[p, a, b] = x[p, a - top, b - left]} inside x, else 0; the backward adds back. */
  static void pad(PlaneSplit s, int lo, int hi, boolean backward) {
    float[] x = s.x;
    float[] y = s.y;
    int h = s.h;
    int w = s.w;
    int oh = s.oh;
    int ow = s.ow;
    int top = s.top;
    int left = s.left;
    // the columns of y that come from x: b in [b0, b1)
    int b0 = Math.max(0, left);
    int b1 = Math.min(ow, w + left);
    for (int p = lo; p < hi; p++) {
      int xo = p * h * w;
      int yo = p * oh * ow;
      for (int a = 0; a < oh; a++) {
        int src = a - top;
        int yr = yo + a * ow;
        boolean inside = src >= 0 && src < h && b0 < b1;
        if (backward) {
          if (inside) {
            int xr = xo + src * w - left;
            for (int b = b0; b < b1; b++) {
              x[xr + b] += y[yr + b];
            }
          }
        } else if (!inside) {
          java.util.Arrays.fill(y, yr, yr + ow, 0f);
        } else {
          java.util.Arrays.fill(y, yr, yr + b0, 0f);
          System.arraycopy(x, xo + src * w + b0 - left, y, yr + b0, b1 - b0);
          java.util.Arrays.fill(y, yr + b1, yr + ow, 0f);
        }
      }
    }
  }
}
