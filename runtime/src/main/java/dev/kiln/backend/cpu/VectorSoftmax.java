package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of {@link SoftmaxKernel} eight at a time. A row (the softmax dimension contiguous)
 * keeps eight partial sums, added lane by lane in a fixed order; strided lanes (the dimension
 * followed by {@code inner} elements) take eight neighbouring lanes per vector, each with its
 * own max and sum. Sums are in float, as PyTorch's vectorised kernels; the logarithm of the
 * log-softmax is taken per lane with {@link Math#log} (in a per-thread scratch of eight floats).
 */
final class VectorSoftmax {
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[8]);

  private VectorSoftmax() {}

  /** The row {@code x[base, base + n)}; returns 1, the lanes done. */
  static int row(float[] x, float[] y, int base, int n, boolean log) {
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
    FloatVector sv = FloatVector.zero(S);
    for (j = base; j < vend; j += S.length()) {
      FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, j).sub(m));
      sv = sv.add(e);
      if (!log) {
        e.intoArray(y, j);
      }
    }
    float s = 0;
    for (int l = 0; l < S.length(); l++) {
      s += sv.lane(l);
    }
    for (; j < end; j++) {
      float e = (float) Math.exp(x[j] - m);
      s += e;
      if (!log) {
        y[j] = e;
      }
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
    return 1;
  }

  /** Lanes {@code [0, loopBound(inner))} of the block at {@code base}; returns that bound. */
  static int lanes(float[] x, float[] y, int base, int n, int inner, boolean log) {
    int done = S.loopBound(inner);
    float[] scratch = SCRATCH.get();
    for (int i = 0; i < done; i += S.length()) {
      int first = base + i;
      int end = first + n * inner;
      FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (int j = first; j < end; j += inner) {
        m = m.max(FloatVector.fromArray(S, x, j));
      }
      FloatVector s = FloatVector.zero(S);
      for (int j = first; j < end; j += inner) {
        FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, j).sub(m));
        s = s.add(e);
        if (!log) {
          e.intoArray(y, j);
        }
      }
      if (log) {
        s.intoArray(scratch, 0);
        for (int l = 0; l < S.length(); l++) {
          scratch[l] = (float) Math.log(scratch[l]);
        }
        FloatVector ls = FloatVector.fromArray(S, scratch, 0);
        for (int j = first; j < end; j += inner) {
          FloatVector.fromArray(S, x, j).sub(m).sub(ls).intoArray(y, j);
        }
      } else {
        FloatVector r = FloatVector.broadcast(S, 1f).div(s);
        for (int j = first; j < end; j += inner) {
          FloatVector.fromArray(S, y, j).mul(r).intoArray(y, j);
        }
      }
    }
    return done;
  }

  /** Backward of {@link #row}; returns 1. */
  static int rowBackward(float[] y, float[] dy, float[] dx, int base, int n, boolean log) {
    int end = base + n;
    int vend = base + S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    int j = base;
    for (; j < vend; j += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, j);
      acc = log ? acc.add(g) : g.fma(FloatVector.fromArray(S, y, j), acc);
    }
    float t = 0;
    for (int l = 0; l < S.length(); l++) {
      t += acc.lane(l);
    }
    for (; j < end; j++) {
      t += log ? dy[j] : dy[j] * y[j];
    }
    for (j = base; j < vend; j += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, j);
      FloatVector g = FloatVector.fromArray(S, dy, j);
      FloatVector d = log ? VectorMath.exp(v).mul(-t).add(g) : g.sub(t).mul(v);
      FloatVector.fromArray(S, dx, j).add(d).intoArray(dx, j);
    }
    for (; j < end; j++) {
      dx[j] += log ? dy[j] - (float) Math.exp(y[j]) * t : y[j] * (dy[j] - t);
    }
    return 1;
  }

  /** Backward of {@link #lanes}; returns the lanes done. */
  static int lanesBackward(float[] y, float[] dy, float[] dx, int base, int n, int inner,
      boolean log) {
    int done = S.loopBound(inner);
    for (int i = 0; i < done; i += S.length()) {
      int first = base + i;
      int end = first + n * inner;
      FloatVector t = FloatVector.zero(S);
      for (int j = first; j < end; j += inner) {
        FloatVector g = FloatVector.fromArray(S, dy, j);
        t = log ? t.add(g) : g.fma(FloatVector.fromArray(S, y, j), t);
      }
      for (int j = first; j < end; j += inner) {
        FloatVector v = FloatVector.fromArray(S, y, j);
        FloatVector g = FloatVector.fromArray(S, dy, j);
        FloatVector d = log ? VectorMath.exp(v).mul(t).neg().add(g) : g.sub(t).mul(v);
        FloatVector.fromArray(S, dx, j).add(d).intoArray(dx, j);
      }
    }
    return done;
  }
}
