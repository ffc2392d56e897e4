package dev.kiln.backend.cpu;

import java.util.Arrays;

/**
 * The im2col lowering of a convolution onto a matrix product, and its adjoint col2im. For one
 * sample and group, the input block is {@code cg} channels of {@code h x w}; its column matrix
 * has a row per {@code (channel, ki, kj)} and a column per output position {@code (oy, ox)}:
 * {@code col[r][oy * ow + ox] = in[c][oy * sh - ph + ki * dh][ox * sw - pw + kj * dw]}, zero
 * where that falls in the padding. Rows are filled run by run: the valid {@code ox} of a row
 * form one interval, copied (stride 1) or gathered, the rest zeroed.
 */
final class Im2col {
  private Im2col() {}

  /** One sample-group's geometry; the fields are read by {@link #im2col} and {@link #col2im}. */
  static final class Geometry {
    int cg;
    int h;
    int w;
    int oh;
    int ow;
    int kh;
    int kw;
    int sh;
    int sw;
    int ph;
    int pw;
    int dh;
    int dw;
  }

  /** Fills the column matrix at {@code col[colOff..]} from the input block at {@code in[inOff..]}. */
  static void im2col(Geometry g, float[] in, int inOff, float[] col, int colOff) {
    im2col(g, in, inOff, col, colOff, 0, g.cg * g.kh * g.kw);
  }

  /** {@link #im2col} for rows {@code r0..r1} only (the others are left as they are). */
  static void im2col(Geometry g, float[] in, int inOff, float[] col, int colOff, int r0,
      int r1) {
    int positions = g.oh * g.ow;
    for (int r = r0; r < r1; r++) {
      int kj = r % g.kw;
      int ki = r / g.kw % g.kh;
      int plane = inOff + r / (g.kw * g.kh) * g.h * g.w;
      int shift = kj * g.dw - g.pw;
      int lo = first(shift, g.sw, g.ow);
      int hi = end(shift, g.sw, g.w, g.ow);
      int row = colOff + r * positions;
      for (int oy = 0; oy < g.oh; oy++) {
        int iy = oy * g.sh - g.ph + ki * g.dh;
        int at = row + oy * g.ow;
        if (iy < 0 || iy >= g.h || lo >= hi) {
          Arrays.fill(col, at, at + g.ow, 0f);
          continue;
        }
        Arrays.fill(col, at, at + lo, 0f);
        int src = plane + iy * g.w + shift;
        if (g.sw == 1) {
          System.arraycopy(in, src + lo, col, at + lo, hi - lo);
        } else {
          for (int ox = lo; ox < hi; ox++) {
            col[at + ox] = in[src + ox * g.sw];
          }
        }
        Arrays.fill(col, at + hi, at + g.ow, 0f);
      }
    }
  }

  /**
   * Adds the column matrix at {@code col[colOff..]} back into the input block's gradient at
   * {@code dIn[inOff..]}: each input element gets its columns' entries in row order.
   */
  static void col2im(Geometry g, float[] col, int colOff, float[] dIn, int inOff) {
    int positions = g.oh * g.ow;
    int r = 0;
    for (int c = 0; c < g.cg; c++) {
      int plane = inOff + c * g.h * g.w;
      for (int ki = 0; ki < g.kh; ki++) {
        for (int kj = 0; kj < g.kw; kj++, r++) {
          int shift = kj * g.dw - g.pw;
          int lo = first(shift, g.sw, g.ow);
          int hi = end(shift, g.sw, g.w, g.ow);
          int row = colOff + r * positions;
          for (int oy = 0; oy < g.oh && lo < hi; oy++) {
            int iy = oy * g.sh - g.ph + ki * g.dh;
            if (iy < 0 || iy >= g.h) {
              continue;
            }
            int at = row + oy * g.ow;
            int dst = plane + iy * g.w + shift;
            if (g.sw == 1) {
              for (int ox = lo; ox < hi; ox++) {
                dIn[dst + ox] += col[at + ox];
              }
            } else {
              for (int ox = lo; ox < hi; ox++) {
                dIn[dst + ox * g.sw] += col[at + ox];
              }
            }
          }
        }
      }
    }
  }

  /** The first {@code ox} with {@code ox * s + shift >= 0}, at most {@code ow}. */
  private static int first(int shift, int s, int ow) {
    return shift >= 0 ? 0 : Math.min(ow, (-shift + s - 1) / s);
  }

  /** One past the last {@code ox < ow} with {@code ox * s + shift < w}. */
  private static int end(int shift, int s, int w, int ow) {
    int last = w - 1 - shift;
    return last < 0 ? 0 : Math.min(ow, last / s + 1);
  }
}
