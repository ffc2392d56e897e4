package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Rows}, eight lanes at a time (loaded only when {@link Simd#ENABLED}). */
final class VectorRows {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private VectorRows() {}

  static void normalize(float[] x, float[] y, int off, int d, float m, float rs, float[] w,
      float[] b) {
    int j = 0;
    for (int bound = S.loopBound(d); j < bound; j += S.length()) {
      FloatVector.fromArray(S, x, off + j).sub(m).mul(rs).mul(FloatVector.fromArray(S, w, j))
          .add(FloatVector.fromArray(S, b, j)).intoArray(y, off + j);
    }
    for (; j < d; j++) {
      y[off + j] = (x[off + j] - m) * rs * w[j] + b[j];
    }
  }

  static void sums(float[] dy, float[] x, float[] w, int off, int d, float m, double[] out) {
    FloatVector s = FloatVector.zero(S);
    FloatVector t = FloatVector.zero(S);
    int j = 0;
    for (int bound = S.loopBound(d); j < bound; j += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, off + j).mul(FloatVector.fromArray(S, w, j));
      s = s.add(g);
      t = t.add(g.mul(FloatVector.fromArray(S, x, off + j).sub(m)));
    }
    double ss = s.reduceLanes(VectorOperators.ADD);
    double tt = t.reduceLanes(VectorOperators.ADD);
    for (; j < d; j++) {
      float g = dy[off + j] * w[j];
      ss += g;
      tt += g * (x[off + j] - m);
    }
    out[0] = ss;
    out[1] = tt;
  }

  static void gradient(float[] dy, float[] x, float[] w, float[] dx, int off, int d, float m,
      float rs, float fb, float fc) {
    int j = 0;
    for (int bound = S.loopBound(d); j < bound; j += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, off + j).mul(FloatVector.fromArray(S, w, j))
          .mul(rs).add(FloatVector.fromArray(S, x, off + j).sub(m).mul(fb)).add(fc);
      FloatVector.fromArray(S, dx, off + j).add(g).intoArray(dx, off + j);
    }
    for (; j < d; j++) {
      dx[off + j] += dy[off + j] * w[j] * rs + (x[off + j] - m) * fb + fc;
    }
  }

  static void paramGrads(float[] dy, float[] x, int off, int d, float m, float rs, float[] pw,
      float[] pb, int pOff) {
    int j = 0;
    for (int bound = S.loopBound(d); j < bound; j += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, off + j);
      FloatVector.fromArray(S, pw, pOff + j)
          .add(g.mul(FloatVector.fromArray(S, x, off + j).sub(m)).mul(rs)).intoArray(pw, pOff + j);
      FloatVector.fromArray(S, pb, pOff + j).add(g).intoArray(pb, pOff + j);
    }
    for (; j < d; j++) {
      pw[pOff + j] += dy[off + j] * (x[off + j] - m) * rs;
      pb[pOff + j] += dy[off + j];
    }
  }

  static void add(float[] src, int sOff, float[] dst, int dOff, int d) {
    int j = 0;
    for (int bound = S.loopBound(d); j < bound; j += S.length()) {
      FloatVector.fromArray(S, dst, dOff + j).add(FloatVector.fromArray(S, src, sOff + j))
          .intoArray(dst, dOff + j);
    }
    for (; j < d; j++) {
      dst[dOff + j] += src[sOff + j];
    }
  }

  static void sum(float[] x, int xOff, float[] t, int tOff, float[] z, int zOff, int d) {
    int j = 0;
    for (int bound = S.loopBound(d); j < bound; j += S.length()) {
      FloatVector.fromArray(S, x, xOff + j).add(FloatVector.fromArray(S, t, tOff + j))
          .intoArray(z, zOff + j);
    }
    for (; j < d; j++) {
      z[zOff + j] = x[xOff + j] + t[tOff + j];
    }
  }

  static void gradientAndParams(float[] dy, float[] x, float[] w, float[] dx, int off, int d,
      float m, float rs, float fb, float fc, float[] pw, float[] pb, int pOff) {
    int j = 0;
    for (int bound = S.loopBound(d); j < bound; j += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, off + j);
      FloatVector xm = FloatVector.fromArray(S, x, off + j).sub(m);
      FloatVector.fromArray(S, dx, off + j)
          .add(g.mul(FloatVector.fromArray(S, w, j)).mul(rs).add(xm.mul(fb)).add(fc))
          .intoArray(dx, off + j);
      FloatVector.fromArray(S, pw, pOff + j).add(g.mul(xm).mul(rs)).intoArray(pw, pOff + j);
      FloatVector.fromArray(S, pb, pOff + j).add(g).intoArray(pb, pOff + j);
    }
    for (; j < d; j++) {
      float g = dy[off + j];
      float xm = x[off + j] - m;
      dx[off + j] += g * w[j] * rs + xm * fb + fc;
      pw[pOff + j] += g * xm * rs;
      pb[pOff + j] += g;
    }
  }
}
