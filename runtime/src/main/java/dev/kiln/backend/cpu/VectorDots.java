package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Dot products and row updates eight lanes at a time, for the unpacked {@link Gemv} shapes. */
final class VectorDots {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;

  private VectorDots() {}

  /** {@code sum_p x[xo + p] * y[yo + p]} over {@code len} elements. */
  static float dot(float[] x, int xo, float[] y, int yo, int len) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    int p = 0;
    for (; p + 2 * L <= len; p += 2 * L) {
      s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
      s1 = FloatVector.fromArray(S, x, xo + p + L)
          .fma(FloatVector.fromArray(S, y, yo + p + L), s1);
    }
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; p < len; p++) {
      s = Math.fma(x[xo + p], y[yo + p], s);
    }
    return s;
  }

  /**
   * {@code c[co + r] += dot(x, row r of y)} for the four consecutive rows of length {@code len}
   * at {@code yo}: eight independent accumulator chains keep both FMA units busy.
   */
  static void dot4(float[] x, int xo, float[] y, int yo, int len, float[] c, int co) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    FloatVector t0 = FloatVector.zero(S);
    FloatVector t1 = FloatVector.zero(S);
    FloatVector t2 = FloatVector.zero(S);
    FloatVector t3 = FloatVector.zero(S);
    int y1 = yo + len;
    int y2 = y1 + len;
    int y3 = y2 + len;
    int p = 0;
    for (; p + 2 * L <= len; p += 2 * L) {
      FloatVector u = FloatVector.fromArray(S, x, xo + p);
      FloatVector v = FloatVector.fromArray(S, x, xo + p + L);
      s0 = u.fma(FloatVector.fromArray(S, y, yo + p), s0);
      s1 = u.fma(FloatVector.fromArray(S, y, y1 + p), s1);
      s2 = u.fma(FloatVector.fromArray(S, y, y2 + p), s2);
      s3 = u.fma(FloatVector.fromArray(S, y, y3 + p), s3);
      t0 = v.fma(FloatVector.fromArray(S, y, yo + p + L), t0);
      t1 = v.fma(FloatVector.fromArray(S, y, y1 + p + L), t1);
      t2 = v.fma(FloatVector.fromArray(S, y, y2 + p + L), t2);
      t3 = v.fma(FloatVector.fromArray(S, y, y3 + p + L), t3);
    }
    float r0 = s0.add(t0).reduceLanes(VectorOperators.ADD);
    float r1 = s1.add(t1).reduceLanes(VectorOperators.ADD);
    float r2 = s2.add(t2).reduceLanes(VectorOperators.ADD);
    float r3 = s3.add(t3).reduceLanes(VectorOperators.ADD);
    for (; p < len; p++) {
      float xv = x[xo + p];
      r0 = Math.fma(xv, y[yo + p], r0);
      r1 = Math.fma(xv, y[y1 + p], r1);
      r2 = Math.fma(xv, y[y2 + p], r2);
      r3 = Math.fma(xv, y[y3 + p], r3);
    }
    c[co] += r0;
    c[co + 1] += r1;
    c[co + 2] += r2;
    c[co + 3] += r3;
  }

  /** {@code z[zo + j] += alpha * x[xo + j]} over {@code len} elements. */
  static void axpy(float alpha, float[] x, int xo, float[] z, int zo, int len) {
    FloatVector va = FloatVector.broadcast(S, alpha);
    int j = 0;
    for (; j + L <= len; j += L) {
      va.fma(FloatVector.fromArray(S, x, xo + j), FloatVector.fromArray(S, z, zo + j))
          .intoArray(z, zo + j);
    }
    for (; j < len; j++) {
      z[zo + j] = Math.fma(alpha, x[xo + j], z[zo + j]);
    }
  }
}
