package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.SmoothActivations.GELU_BETA;
import static dev.kiln.backend.cpu.SmoothActivations.GELU_KAPPA;
import static dev.kiln.backend.cpu.SmoothActivations.INV_SQRT_2PI;
import static dev.kiln.backend.cpu.SmoothActivations.SQRT1_2;
import static dev.kiln.backend.cpu.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of {@link SmoothActivations} eight lanes at a time ({@link VectorMath} for exp, expm1
 * and erf); the last {@code n % 8} elements go through the scalar formulas.
 */
final class VectorSmoothActivations {
  private VectorSmoothActivations() {}

  static void leakyRelu(float[] x, float slope, float[] y, int from, int to) {
    int i = from;
    for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      v.mul(slope).blend(v, positive(v)).intoArray(y, i);
    }
    for (; i < to; i++) {
      y[i] = x[i] > 0 ? x[i] : x[i] * slope;
    }
  }

  static void leakyReluBackward(float[] x, float slope, float[] dy, float[] dx, int from,
      int to) {
    int i = from;
    for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, i);
      g = g.mul(slope).blend(g, positive(FloatVector.fromArray(S, x, i)));
      FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
    }
    for (; i < to; i++) {
      dx[i] += x[i] > 0 ? dy[i] : dy[i] * slope;
    }
  }

  /** The sum over {@code [from, to)} of {@code x > 0 ? 0 : x * dy}: per lane, then lane by lane. */
  static double preluWeightGrad(float[] x, float[] dy, int from, int to) {
    FloatVector acc = FloatVector.zero(S);
    int i = from;
    for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      acc = v.mul(FloatVector.fromArray(S, dy, i)).blend(0f, positive(v)).add(acc);
    }
    double s = 0;
    for (int l = 0; l < S.length(); l++) {
      s += acc.lane(l);
    }
    for (; i < to; i++) {
      s += x[i] > 0 ? 0 : x[i] * dy[i];
    }
    return s;
  }

  static void elu(float[] x, float alpha, float[] y) {
    int i = 0;
    for (int end = S.loopBound(y.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      VectorMath.expm1(v).mul(alpha).blend(v, positive(v)).intoArray(y, i);
    }
    for (; i < y.length; i++) {
      y[i] = x[i] > 0 ? x[i] : (float) Math.expm1(x[i]) * alpha;
    }
  }

  static void eluBackward(float[] x, float alpha, float[] dy, float[] dx) {
    int i = 0;
    for (int end = S.loopBound(dx.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector g = FloatVector.fromArray(S, dy, i);
      g = g.mul(alpha).mul(VectorMath.exp(v)).blend(g, positive(v));
      FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
    }
    for (; i < dx.length; i++) {
      dx[i] += x[i] > 0 ? dy[i] : dy[i] * alpha * (float) Math.exp(x[i]);
    }
  }

  static void gelu(float[] x, boolean tanh, float[] y) {
    int i = 0;
    for (int end = S.loopBound(y.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      if (tanh) {
        v.mul(sigmoid(inner(v).mul(2f))).intoArray(y, i);
      } else {
        v.mul(0.5f).mul(VectorMath.erf(v.mul(SQRT1_2)).add(1f)).intoArray(y, i);
      }
    }
    for (; i < y.length; i++) {
      float v = x[i];
      y[i] = tanh ? v * SmoothActivations.sigmoid(2 * SmoothActivations.geluInner(v))
          : 0.5f * v * (1 + SmoothActivations.erf(v * SQRT1_2));
    }
  }

  static void geluBackward(float[] x, boolean tanh, float[] dy, float[] dx) {
    int i = 0;
    for (int end = S.loopBound(dx.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector d;
      if (tanh) {
        FloatVector s = sigmoid(inner(v).mul(2f));
        FloatVector slope = v.mul(v).fma(3 * GELU_KAPPA, 1f).mul(GELU_BETA);
        d = v.mul(2f).mul(s).mul(s.neg().add(1f)).fma(slope, s);
      } else {
        FloatVector cdf = VectorMath.erf(v.mul(SQRT1_2)).add(1f).mul(0.5f);
        d = v.mul(INV_SQRT_2PI).fma(VectorMath.exp(v.mul(v).mul(-0.5f)), cdf);
      }
      FloatVector.fromArray(S, dy, i).fma(d, FloatVector.fromArray(S, dx, i)).intoArray(dx, i);
    }
    for (; i < dx.length; i++) {
      float v = x[i];
      float d;
      if (tanh) {
        float s = SmoothActivations.sigmoid(2 * SmoothActivations.geluInner(v));
        d = s + 2 * v * s * (1 - s) * GELU_BETA * (1 + 3 * GELU_KAPPA * v * v);
      } else {
        d = 0.5f * (1 + SmoothActivations.erf(v * SQRT1_2))
            + v * INV_SQRT_2PI * (float) Math.exp(-0.5f * v * v);
      }
      dx[i] += dy[i] * d;
    }
  }

  static void silu(float[] x, float[] y) {
    int i = 0;
    for (int end = S.loopBound(y.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      v.mul(sigmoid(v)).intoArray(y, i);
    }
    for (; i < y.length; i++) {
      y[i] = x[i] * SmoothActivations.sigmoid(x[i]);
    }
  }

  static void siluBackward(float[] x, float[] dy, float[] dx) {
    int i = 0;
    for (int end = S.loopBound(dx.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector s = sigmoid(v);
      FloatVector d = s.mul(v.mul(s.neg().add(1f)).add(1f));
      FloatVector.fromArray(S, dy, i).fma(d, FloatVector.fromArray(S, dx, i)).intoArray(dx, i);
    }
    for (; i < dx.length; i++) {
      float s = SmoothActivations.sigmoid(x[i]);
      dx[i] += dy[i] * s * (1 + x[i] * (1 - s));
    }
  }

  /** {@code sqrt(2 / pi) (v + 0.044715 v^3)}. */
  private static FloatVector inner(FloatVector v) {
    return v.mul(v).mul(v).fma(FloatVector.broadcast(S, GELU_KAPPA), v).mul(GELU_BETA);
  }

  private static FloatVector sigmoid(FloatVector v) {
    return FloatVector.broadcast(S, 1f).div(VectorMath.exp(v.neg()).add(1f));
  }

  private static VectorMask<Float> positive(FloatVector v) {
    return v.compare(VectorOperators.GT, 0f);
  }
}
