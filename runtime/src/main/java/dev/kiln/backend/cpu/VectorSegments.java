package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Segments}, eight lanes at a time (loaded only when {@link Simd#ENABLED}). */
final class VectorSegments {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

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
}
