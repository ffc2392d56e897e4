package dev.kiln.backend.cpu;

/**
 * The per-row loops of {@link RowNorm} and {@link Embeddings} over {@code d} contiguous
 * elements: vectorised by {@link VectorRows} when {@link Simd#ENABLED}, else plain loops with the
 * same arithmetic. {@code w} and {@code b} are per-column arrays read from index 0.
 */
final class Rows {
  private static final int MIN_VECTOR = 16;

  private Rows() {}

  private static boolean vector(int len) {
    return Simd.ENABLED && len >= MIN_VECTOR;
  }

  /** {@code y = (x - m) * rs * w + b} over {@code [off, off + d)}. */
  static void normalize(float[] x, float[] y, int off, int d, float m, float rs, float[] w,
      float[] b) {
    if (vector(d)) {
      VectorRows.normalize(x, y, off, d, m, rs, w, b);
      return;
    }
    for (int j = 0; j < d; j++) {
      y[off + j] = (x[off + j] - m) * rs * w[j] + b[j];
    }
  }

  /** {@code out[0] = sum(dy * w)}, {@code out[1] = sum(dy * w * (x - m))}. */
  static void sums(float[] dy, float[] x, float[] w, int off, int d, float m, double[] out) {
    if (vector(d)) {
      VectorRows.sums(dy, x, w, off, d, m, out);
      return;
    }
    double s = 0;
    double t = 0;
    for (int j = 0; j < d; j++) {
      float g = dy[off + j] * w[j];
      s += g;
      t += g * (x[off + j] - m);
    }
    out[0] = s;
    out[1] = t;
  }

  /** {@code dx += dy * w * rs + (x - m) * fb + fc}. */
  static void gradient(float[] dy, float[] x, float[] w, float[] dx, int off, int d, float m,
      float rs, float fb, float fc) {
    if (vector(d)) {
      VectorRows.gradient(dy, x, w, dx, off, d, m, rs, fb, fc);
      return;
    }
    for (int j = 0; j < d; j++) {
      dx[off + j] += dy[off + j] * w[j] * rs + (x[off + j] - m) * fb + fc;
    }
  }

  /** {@code pw[pOff + j] += dy * (x - m) * rs}, {@code pb[pOff + j] += dy}. */
  static void paramGrads(float[] dy, float[] x, int off, int d, float m, float rs, float[] pw,
      float[] pb, int pOff) {
    if (vector(d)) {
      VectorRows.paramGrads(dy, x, off, d, m, rs, pw, pb, pOff);
      return;
    }
    for (int j = 0; j < d; j++) {
      pw[pOff + j] += dy[off + j] * (x[off + j] - m) * rs;
      pb[pOff + j] += dy[off + j];
    }
  }

  /** {@code dst[dOff + j] += src[sOff + j]}. */
  static void add(float[] src, int sOff, float[] dst, int dOff, int d) {
    if (vector(d)) {
      VectorRows.add(src, sOff, dst, dOff, d);
      return;
    }
    for (int j = 0; j < d; j++) {
      dst[dOff + j] += src[sOff + j];
    }
  }

  /** {@code z[zOff + j] = x[xOff + j] + t[tOff + j]}. */
  static void sum(float[] x, int xOff, float[] t, int tOff, float[] z, int zOff, int d) {
    if (vector(d)) {
      VectorRows.sum(x, xOff, t, tOff, z, zOff, d);
      return;
    }
    for (int j = 0; j < d; j++) {
      z[zOff + j] = x[xOff + j] + t[tOff + j];
    }
  }

  /** {@link #gradient} and {@link #paramGrads} in one pass over the row. */
  static void gradientAndParams(float[] dy, float[] x, float[] w, float[] dx, int off, int d,
      float m, float rs, float fb, float fc, float[] pw, float[] pb, int pOff) {
    if (vector(d)) {
      VectorRows.gradientAndParams(dy, x, w, dx, off, d, m, rs, fb, fc, pw, pb, pOff);
      return;
    }
    for (int j = 0; j < d; j++) {
      float g = dy[off + j];
      float xm = x[off + j] - m;
      dx[off + j] += g * w[j] * rs + xm * fb + fc;
      pw[pOff + j] += g * xm * rs;
      pb[pOff + j] += g;
    }
  }
}
