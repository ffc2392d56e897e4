package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Dot products and row updates eight lanes at a time, for the unpacked {@link Gemv} shapes. */
final class VectorDots {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;
  /**
   * JDK 17 compiles {@code reduceLanes(ADD)} as it interprets it, adding the lanes in order; from
   * JDK 25 (at least) the compiled order differs, so results would depend on when the JIT
   * compiled the caller. Elsewhere the lanes are added one by one in that order (the same bits).
   */
  private static final boolean REDUCE_LANES_IN_ORDER = Runtime.version().feature() == 17;

  private VectorDots() {}

  /** {@code sum_p x[xo + p] * y[yo + p]} over {@code len} elements. */
  static float dot(float[] x, int xo, float[] y, int yo, int len) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    int p = 0;
    for (int end = len & -(2 * L); p < end; p += 2 * L) {
      s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
      s1 = FloatVector.fromArray(S, x, xo + p + L)
          .fma(FloatVector.fromArray(S, y, yo + p + L), s1);
    }
    float s = sum(s0.add(s1));
    for (; p < len; p++) {
      s = Math.fma(x[xo + p], y[yo + p], s);
    }
    return s;
  }

  /**
   * {@code c[co + r] += dot(x, row r of y)} for the eight consecutive rows of length {@code len}
   * at {@code yo}: one accumulator a row (eight chains keep both FMA units busy, one load of
   * {@code x} feeds eight FMAs; measured 1.5x faster than four rows of two chains). Each row's
   * arithmetic is {@link #rowDot}'s.
   */
  static void dot8(float[] x, int xo, float[] y, int yo, int len, float[] c, int co) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    FloatVector s4 = FloatVector.zero(S);
    FloatVector s5 = FloatVector.zero(S);
    FloatVector s6 = FloatVector.zero(S);
    FloatVector s7 = FloatVector.zero(S);
    int p = 0;
    for (int end = S.loopBound(len); p < end; p += L) {
      FloatVector u = FloatVector.fromArray(S, x, xo + p);
      int q = yo + p;
      s0 = u.fma(FloatVector.fromArray(S, y, q), s0);
      s1 = u.fma(FloatVector.fromArray(S, y, q + len), s1);
      s2 = u.fma(FloatVector.fromArray(S, y, q + 2 * len), s2);
      s3 = u.fma(FloatVector.fromArray(S, y, q + 3 * len), s3);
      s4 = u.fma(FloatVector.fromArray(S, y, q + 4 * len), s4);
      s5 = u.fma(FloatVector.fromArray(S, y, q + 5 * len), s5);
      s6 = u.fma(FloatVector.fromArray(S, y, q + 6 * len), s6);
      s7 = u.fma(FloatVector.fromArray(S, y, q + 7 * len), s7);
    }
    finish(s0, x, xo, y, yo, p, len, c, co);
    finish(s1, x, xo, y, yo + len, p, len, c, co + 1);
    finish(s2, x, xo, y, yo + 2 * len, p, len, c, co + 2);
    finish(s3, x, xo, y, yo + 3 * len, p, len, c, co + 3);
    finish(s4, x, xo, y, yo + 4 * len, p, len, c, co + 4);
    finish(s5, x, xo, y, yo + 5 * len, p, len, c, co + 5);
    finish(s6, x, xo, y, yo + 6 * len, p, len, c, co + 6);
    finish(s7, x, xo, y, yo + 7 * len, p, len, c, co + 7);
  }

  /** {@code c[co] += dot(x, the row at yo)}, computed exactly as one row of {@link #dot8}. */
  static void rowDot(float[] x, int xo, float[] y, int yo, int len, float[] c, int co) {
    FloatVector s = FloatVector.zero(S);
    int p = 0;
    for (int end = S.loopBound(len); p < end; p += L) {
      s = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s);
    }
    finish(s, x, xo, y, yo, p, len, c, co);
  }

  /** Adds the lanes of {@code s} and the scalar tail {@code p..len} of one row into c[co]. */
  private static void finish(FloatVector s, float[] x, int xo, float[] y, int yo, int p, int len,
      float[] c, int co) {
    float r = sum(s);
    for (; p < len; p++) {
      r = Math.fma(x[xo + p], y[yo + p], r);
    }
    c[co] += r;
  }

  /** The lanes of {@code s} added in lane order. */
  static float sum(FloatVector s) {
    if (REDUCE_LANES_IN_ORDER) {
      return s.reduceLanes(VectorOperators.ADD);
    }
    return 0f + s.lane(0) + s.lane(1) + s.lane(2) + s.lane(3) + s.lane(4) + s.lane(5) + s.lane(6)
        + s.lane(7);
  }

  /** {@code z[zo + j] += alpha * x[xo + j]} over {@code len} elements. */
  static void axpy(float alpha, float[] x, int xo, float[] z, int zo, int len) {
    FloatVector va = FloatVector.broadcast(S, alpha);
    int j = 0;
    for (int end = S.loopBound(len); j < end; j += L) {
      va.fma(FloatVector.fromArray(S, x, xo + j), FloatVector.fromArray(S, z, zo + j))
          .intoArray(z, zo + j);
    }
    for (; j < len; j++) {
      z[zo + j] = Math.fma(alpha, x[xo + j], z[zo + j]);
    }
  }
}
