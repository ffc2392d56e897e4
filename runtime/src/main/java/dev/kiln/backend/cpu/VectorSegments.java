package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Segments}, eight lanes at a time (loaded only when {@link Simd#ENABLED}). */
final class VectorSegments {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final int[] IOTA = {0, 1, 2, 3, 4, 5, 6, 7};

  private VectorSegments() {}

  static double sum(float[] x, int off, int len) {
    FloatVector acc = FloatVector.zero(S);
    int i = off;
    int end = off + len;
    for (int bound = off + S.loopBound(len); i < bound; i += S.length()) {
      acc = acc.add(FloatVector.fromArray(S, x, i));
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < end; i++) {
      s += x[i];
    }
    return s;
  }

  static double sumSquaredDeviation(float[] x, int off, int len, float mean) {
    FloatVector acc = FloatVector.zero(S);
    int i = off;
    int end = off + len;
    for (int bound = off + S.loopBound(len); i < bound; i += S.length()) {
      FloatVector d = FloatVector.fromArray(S, x, i).sub(mean);
      acc = acc.add(d.mul(d));
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < end; i++) {
      float d = x[i] - mean;
      s += d * d;
    }
    return s;
  }

  static double dotDeviation(float[] dy, float[] x, int off, int len, float mean) {
    FloatVector acc = FloatVector.zero(S);
    int i = off;
    int end = off + len;
    for (int bound = off + S.loopBound(len); i < bound; i += S.length()) {
      FloatVector d = FloatVector.fromArray(S, x, i).sub(mean);
      acc = acc.add(FloatVector.fromArray(S, dy, i).mul(d));
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < end; i++) {
      s += dy[i] * (x[i] - mean);
    }
    return s;
  }

  static void affine(float[] x, float[] y, int off, int len, float a, float b) {
    int i = off;
    int end = off + len;
    for (int bound = off + S.loopBound(len); i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, i).mul(a).add(b).intoArray(y, i);
    }
    for (; i < end; i++) {
      y[i] = x[i] * a + b;
    }
  }

  static void gradient(float[] dy, float[] x, float[] dx, int off, int len, float a, float mean,
      float b, float c) {
    int i = off;
    int end = off + len;
    for (int bound = off + S.loopBound(len); i < bound; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, i).mul(a)
          .add(FloatVector.fromArray(S, x, i).sub(mean).mul(b)).add(c);
      FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
    }
    for (; i < end; i++) {
      dx[i] += dy[i] * a + (x[i] - mean) * b + c;
    }
  }

  static void multiply(float[] x, float[] m, float[] y, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, m, i)).intoArray(y, i);
    }
    for (; i < len; i++) {
      y[i] = x[i] * m[i];
    }
  }

  static void multiplyAdd(float[] dy, float[] m, float[] dx, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, i).mul(FloatVector.fromArray(S, m, i));
      FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
    }
    for (; i < len; i++) {
      dx[i] += dy[i] * m[i];
    }
  }

  /**
   * {@link Dropouts#mask} for the elements up to the last whole vector, with the same integer
   * arithmetic; returns where the scalar tail starts.
   */
  static int dropoutMask(float[] m, long seed, float p, float scale) {
    int lo = (int) seed;
    int hi = (int) (seed >>> 32);
    int i = 0;
    for (int bound = I.loopBound(m.length); i < bound; i += I.length()) {
      IntVector h = IntVector.fromArray(I, IOTA, 0).add(i).mul(0x9e3779b9).add(lo)
          .lanewise(VectorOperators.XOR, hi);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85ebca6b);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xc2b2ae35);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
      FloatVector u = ((FloatVector) h.lanewise(VectorOperators.LSHR, 8)
          .convert(VectorOperators.I2F, 0)).mul(0x1p-24f);
      FloatVector.zero(S).blend(scale, u.compare(VectorOperators.GE, p)).intoArray(m, i);
    }
    return i;
  }
}
