package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of {@link SoftmaxKernel} eight at a time, in passes over arrays so that no vector
 * crosses a method call (see {@link VectorMath}). A row (the softmax dimension contiguous,
 * {@code inner == 1}): max, {@code y = x - max}, exp in place, sum (eight partial sums added
 * lane by lane in a fixed order), scale. A block {@code (n, inner)} with {@code inner > 1}: the
 * same passes with vectors along {@code inner}, the per-lane max and sums in per-thread scratch.
 * Sums are in float, as PyTorch's vectorised kernels.
 */
final class VectorSoftmax {
  private VectorSoftmax() {}

  /** The row {@code x[base, base + n)}. */
  static void row(float[] x, float[] y, int base, int n, boolean log) {
    int end = base + n;
    int vend = base + S.loopBound(n);
    FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int j = base;
    for (; j < vend; j += S.length()) {
      mv = mv.max(FloatVector.fromArray(S, x, j));
    }
    float m = mv.reduceLanes(VectorOperators.MAX);
    for (; j < end; j++) {
      m = Math.max(m, x[j]);
    }
    for (j = base; j < vend; j += S.length()) {
      FloatVector.fromArray(S, x, j).sub(m).intoArray(y, j);
    }
    for (; j < end; j++) {
      y[j] = x[j] - m;
    }
    VectorMath.exp(y, base, end);
    FloatVector sv = FloatVector.zero(S);
    for (j = base; j < vend; j += S.length()) {
      sv = sv.add(FloatVector.fromArray(S, y, j));
    }
    float s = 0;
    for (int l = 0; l < S.length(); l++) {
      s += sv.lane(l);
    }
    for (; j < end; j++) {
      s += y[j];
    }
    if (log) {
      float ls = (float) Math.log(s);
      for (j = base; j < vend; j += S.length()) {
        FloatVector.fromArray(S, x, j).sub(m).sub(ls).intoArray(y, j);
      }
      for (; j < end; j++) {
        y[j] = x[j] - m - ls;
      }
    } else {
      float r = 1 / s;
      for (j = base; j < vend; j += S.length()) {
        FloatVector.fromArray(S, y, j).mul(r).intoArray(y, j);
      }
      for (; j < end; j++) {
        y[j] *= r;
      }
    }
  }

  /** The block {@code (n, inner)} at {@code base}: every lane along {@code inner}. */
  static void block(float[] x, float[] y, int base, int n, int inner, boolean log) {
    float[] m = VectorMath.scratch(0, inner);
    float[] s = VectorMath.scratch(1, inner);
    int end = base + n * inner;
    System.arraycopy(x, base, m, 0, inner);
    for (int k = base + inner; k < end; k += inner) {
      maxInto(x, k, m, inner);
    }
    for (int k = base; k < end; k += inner) {
      diff(x, k, m, y, k, inner);
    }
    VectorMath.exp(y, base, end);
    java.util.Arrays.fill(s, 0, inner, 0f);
    for (int k = base; k < end; k += inner) {
      addInto(y, k, s, inner);
    }
    for (int i = 0; i < inner; i++) {
      s[i] = log ? (float) Math.log(s[i]) : 1 / s[i];
    }
    for (int k = base; k < end; k += inner) {
      if (log) {
        diff(x, k, m, y, k, inner);
        diff(y, k, s, y, k, inner);
      } else {
        mulInto(s, y, k, inner);
      }
    }
  }

  /** Backward of {@link #row}. */
  static void rowBackward(float[] y, float[] dy, float[] dx, int base, int n, boolean log) {
    int end = base + n;
    int vend = base + S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    int j = base;
    for (; j < vend; j += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, j);
      acc = log ? acc.add(g) : acc.add(g.mul(FloatVector.fromArray(S, y, j)));
    }
    float t = 0;
    for (int l = 0; l < S.length(); l++) {
      t += acc.lane(l);
    }
    for (; j < end; j++) {
      t += log ? dy[j] : dy[j] * y[j];
    }
    if (log) {
      float[] e = VectorMath.scratch(0, n);
      System.arraycopy(y, base, e, 0, n);
      VectorMath.exp(e, 0, n);
      int i = 0;
      for (int iend = S.loopBound(n); i < iend; i += S.length()) {
        FloatVector d = FloatVector.fromArray(S, dy, base + i)
            .sub(FloatVector.fromArray(S, e, i).mul(t));
        FloatVector.fromArray(S, dx, base + i).add(d).intoArray(dx, base + i);
      }
      for (; i < n; i++) {
        dx[base + i] += dy[base + i] - e[i] * t;
      }
      return;
    }
    for (j = base; j < vend; j += S.length()) {
      FloatVector d = FloatVector.fromArray(S, dy, j).sub(t).mul(FloatVector.fromArray(S, y, j));
      FloatVector.fromArray(S, dx, j).add(d).intoArray(dx, j);
    }
    for (; j < end; j++) {
      dx[j] += y[j] * (dy[j] - t);
    }
  }

  /** Backward of {@link #block}. */
  static void blockBackward(float[] y, float[] dy, float[] dx, int base, int n, int inner,
      boolean log) {
    float[] t = VectorMath.scratch(0, inner);
    float[] e = VectorMath.scratch(1, inner);
    int end = base + n * inner;
    java.util.Arrays.fill(t, 0, inner, 0f);
    for (int k = base; k < end; k += inner) {
      if (log) {
        addInto(dy, k, t, inner);
      } else {
        addProductInto(dy, y, k, t, inner);
      }
    }
    for (int k = base; k < end; k += inner) {
      int i = 0;
      if (log) {
        System.arraycopy(y, k, e, 0, inner);
        VectorMath.exp(e, 0, inner);
        for (int iend = S.loopBound(inner); i < iend; i += S.length()) {
          FloatVector d = FloatVector.fromArray(S, dy, k + i)
              .sub(FloatVector.fromArray(S, e, i).mul(FloatVector.fromArray(S, t, i)));
          FloatVector.fromArray(S, dx, k + i).add(d).intoArray(dx, k + i);
        }
        for (; i < inner; i++) {
          dx[k + i] += dy[k + i] - e[i] * t[i];
        }
      } else {
        for (int iend = S.loopBound(inner); i < iend; i += S.length()) {
          FloatVector d = FloatVector.fromArray(S, dy, k + i)
              .sub(FloatVector.fromArray(S, t, i)).mul(FloatVector.fromArray(S, y, k + i));
          FloatVector.fromArray(S, dx, k + i).add(d).intoArray(dx, k + i);
        }
        for (; i < inner; i++) {
          dx[k + i] += y[k + i] * (dy[k + i] - t[i]);
        }
      }
    }
  }

  /** {@code m[i] = max(m[i], x[k + i])}. */
  private static void maxInto(float[] x, int k, float[] m, int inner) {
    int i = 0;
    for (int end = S.loopBound(inner); i < end; i += S.length()) {
      FloatVector.fromArray(S, m, i).max(FloatVector.fromArray(S, x, k + i)).intoArray(m, i);
    }
    for (; i < inner; i++) {
      m[i] = Math.max(m[i], x[k + i]);
    }
  }

  /** {@code out[o + i] = a[k + i] - b[i]}. */
  private static void diff(float[] a, int k, float[] b, float[] out, int o, int inner) {
    int i = 0;
    for (int end = S.loopBound(inner); i < end; i += S.length()) {
      FloatVector.fromArray(S, a, k + i).sub(FloatVector.fromArray(S, b, i)).intoArray(out, o + i);
    }
    for (; i < inner; i++) {
      out[o + i] = a[k + i] - b[i];
    }
  }

  /** {@code s[i] += a[k + i]}. */
  private static void addInto(float[] a, int k, float[] s, int inner) {
    int i = 0;
    for (int end = S.loopBound(inner); i < end; i += S.length()) {
      FloatVector.fromArray(S, s, i).add(FloatVector.fromArray(S, a, k + i)).intoArray(s, i);
    }
    for (; i < inner; i++) {
      s[i] += a[k + i];
    }
  }

  /** {@code s[i] += a[k + i] * b[k + i]}. */
  private static void addProductInto(float[] a, float[] b, int k, float[] s, int inner) {
    int i = 0;
    for (int end = S.loopBound(inner); i < end; i += S.length()) {
      FloatVector p = FloatVector.fromArray(S, a, k + i).mul(FloatVector.fromArray(S, b, k + i));
      FloatVector.fromArray(S, s, i).add(p).intoArray(s, i);
    }
    for (; i < inner; i++) {
      s[i] += a[k + i] * b[k + i];
    }
  }

  /** {@code y[k + i] *= r[i]}. */
  private static void mulInto(float[] r, float[] y, int k, int inner) {
    int i = 0;
    for (int end = S.loopBound(inner); i < end; i += S.length()) {
      FloatVector.fromArray(S, y, k + i).mul(FloatVector.fromArray(S, r, i)).intoArray(y, k + i);
    }
    for (; i < inner; i++) {
      y[k + i] *= r[i];
    }
  }
}
