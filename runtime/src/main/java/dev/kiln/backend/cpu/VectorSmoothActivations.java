package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.SmoothActivations.GELU_BETA;
import static dev.kiln.backend.cpu.SmoothActivations.GELU_KAPPA;
import static dev.kiln.backend.cpu.SmoothActivations.INV_SQRT_2PI;
import static dev.kiln.backend.cpu.SmoothActivations.SQRT1_2;
import static dev.kiln.backend.cpu.VectorMath.BLOCK;
import static dev.kiln.backend.cpu.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of {@link SmoothActivations} eight lanes at a time. Formulas with exp or erf run in
 * passes over blocks of {@link VectorMath#BLOCK} elements (arguments into a scratch block, then
 * {@link VectorMath}'s exp or erf on it, then the combination), so that no vector crosses a
 * method call; the last {@code n % 8} elements of a pass go through the same formula in scalar.
 */
final class VectorSmoothActivations {
  private VectorSmoothActivations() {}

  static void leakyRelu(float[] x, float slope, float[] y, int from, int to) {
    int i = from;
    for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
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
      g = g.mul(slope).blend(g, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f));
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
      FloatVector p = v.mul(FloatVector.fromArray(S, dy, i));
      acc = p.blend(0f, v.compare(VectorOperators.GT, 0f)).add(acc);
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
    System.arraycopy(x, 0, y, 0, y.length);
    VectorMath.expm1(y, 0, y.length);
    int i = 0;
    for (int end = S.loopBound(y.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector.fromArray(S, y, i).mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f))
          .intoArray(y, i);
    }
    for (; i < y.length; i++) {
      y[i] = x[i] > 0 ? x[i] : y[i] * alpha;
    }
  }

  static void eluBackward(float[] x, float alpha, float[] dy, float[] dx) {
    float[] e = VectorMath.scratch(0, BLOCK);
    for (int b = 0; b < dx.length; b += BLOCK) {
      int n = Math.min(BLOCK, dx.length - b);
      System.arraycopy(x, b, e, 0, n);
      VectorMath.exp(e, 0, n);
      int j = 0;
      for (int end = S.loopBound(n); j < end; j += S.length()) {
        FloatVector v = FloatVector.fromArray(S, x, b + j);
        FloatVector g = FloatVector.fromArray(S, dy, b + j);
        g = g.mul(alpha).mul(FloatVector.fromArray(S, e, j))
            .blend(g, v.compare(VectorOperators.GT, 0f));
        FloatVector.fromArray(S, dx, b + j).add(g).intoArray(dx, b + j);
      }
      for (; j < n; j++) {
        dx[b + j] += x[b + j] > 0 ? dy[b + j] : dy[b + j] * alpha * e[j];
      }
    }
  }

  /** Per block: {@code e = exp(-2u)} (tanh) or {@code erf(x / sqrt 2)}, then the product. */
  static void gelu(float[] x, boolean tanh, float[] y) {
    float[] t = VectorMath.scratch(0, BLOCK);
    float[] u = VectorMath.scratch(1, BLOCK);
    float[] w = VectorMath.scratch(2, BLOCK);
    for (int b = 0; b < y.length; b += BLOCK) {
      int n = Math.min(BLOCK, y.length - b);
      if (tanh) {
        minusTwoInner(x, b, t, n);
        VectorMath.exp(t, 0, n);
      } else {
        scaled(x, b, SQRT1_2, u, n);
        VectorMath.erf(u, t, w, n);
      }
      // One loop per form: a vector chosen between two paths (a phi) can defeat C2's box
      // elimination and allocate on every iteration.
      int j = 0;
      int end = S.loopBound(n);
      if (tanh) {
        for (; j < end; j += S.length()) {
          FloatVector v = FloatVector.fromArray(S, x, b + j);
          v.div(FloatVector.fromArray(S, t, j).add(1f)).intoArray(y, b + j);
        }
      } else {
        for (; j < end; j += S.length()) {
          FloatVector v = FloatVector.fromArray(S, x, b + j);
          v.mul(0.5f).mul(FloatVector.fromArray(S, t, j).add(1f)).intoArray(y, b + j);
        }
      }
      for (; j < n; j++) {
        y[b + j] = tanh ? x[b + j] / (t[j] + 1) : 0.5f * x[b + j] * (t[j] + 1);
      }
    }
  }

  static void geluBackward(float[] x, boolean tanh, float[] dy, float[] dx) {
    float[] t = VectorMath.scratch(0, BLOCK);
    float[] u = VectorMath.scratch(1, BLOCK);
    float[] w = VectorMath.scratch(2, BLOCK);
    for (int b = 0; b < dx.length; b += BLOCK) {
      int n = Math.min(BLOCK, dx.length - b);
      if (tanh) {
        minusTwoInner(x, b, t, n);
        VectorMath.exp(t, 0, n);
      } else {
        scaled(x, b, SQRT1_2, u, n);
        VectorMath.erf(u, t, w, n); // t = erf(x / sqrt 2)
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += S.length()) { // u = -x^2 / 2
          FloatVector v = FloatVector.fromArray(S, x, b + j);
          v.mul(v).mul(-0.5f).intoArray(u, j);
        }
        for (; j < n; j++) {
          u[j] = x[b + j] * x[b + j] * -0.5f;
        }
        VectorMath.exp(u, 0, n);
      }
      int j = 0;
      int end = S.loopBound(n);
      if (tanh) { // one loop per form, as in gelu: no vector phi
        for (; j < end; j += S.length()) {
          FloatVector v = FloatVector.fromArray(S, x, b + j);
          FloatVector s = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, t, j)
              .add(1f)); // (1 + tanh u) / 2
          FloatVector slope = v.mul(v).mul(3 * GELU_KAPPA).add(1f).mul(GELU_BETA);
          FloatVector d = v.mul(2f).mul(s).mul(s.neg().add(1f)).mul(slope).add(s);
          FloatVector.fromArray(S, dx, b + j).add(FloatVector.fromArray(S, dy, b + j).mul(d))
              .intoArray(dx, b + j);
        }
      } else {
        for (; j < end; j += S.length()) {
          FloatVector v = FloatVector.fromArray(S, x, b + j);
          FloatVector pdf = FloatVector.fromArray(S, u, j).mul(INV_SQRT_2PI);
          FloatVector d = FloatVector.fromArray(S, t, j).add(1f).mul(0.5f).add(v.mul(pdf));
          FloatVector.fromArray(S, dx, b + j).add(FloatVector.fromArray(S, dy, b + j).mul(d))
              .intoArray(dx, b + j);
        }
      }
      for (; j < n; j++) {
        float v = x[b + j];
        float d;
        if (tanh) {
          float s = 1 / (t[j] + 1);
          d = 2 * v * s * (1 - s) * (GELU_BETA * (1 + 3 * GELU_KAPPA * v * v)) + s;
        } else {
          d = 0.5f * (1 + t[j]) + v * (u[j] * INV_SQRT_2PI);
        }
        dx[b + j] += dy[b + j] * d;
      }
    }
  }

  static void silu(float[] x, float[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] = -x[i];
    }
    VectorMath.exp(y, 0, y.length);
    int i = 0;
    for (int end = S.loopBound(y.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      v.div(FloatVector.fromArray(S, y, i).add(1f)).intoArray(y, i);
    }
    for (; i < y.length; i++) {
      y[i] = x[i] / (y[i] + 1);
    }
  }

  static void siluBackward(float[] x, float[] dy, float[] dx) {
    float[] t = VectorMath.scratch(0, BLOCK);
    for (int b = 0; b < dx.length; b += BLOCK) {
      int n = Math.min(BLOCK, dx.length - b);
      for (int j = 0; j < n; j++) {
        t[j] = -x[b + j];
      }
      VectorMath.exp(t, 0, n);
      int j = 0;
      for (int end = S.loopBound(n); j < end; j += S.length()) {
        FloatVector v = FloatVector.fromArray(S, x, b + j);
        FloatVector s = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, t, j).add(1f));
        FloatVector d = s.mul(v.mul(s.neg().add(1f)).add(1f));
        FloatVector.fromArray(S, dx, b + j).add(FloatVector.fromArray(S, dy, b + j).mul(d))
            .intoArray(dx, b + j);
      }
      for (; j < n; j++) {
        float s = 1 / (t[j] + 1);
        dx[b + j] += dy[b + j] * (s * (1 + x[b + j] * (1 - s)));
      }
    }
  }

  /** {@code out[j] = -2 sqrt(2 / pi) (v + 0.044715 v^3)}, {@code v = x[b + j]}, j < n. */
  private static void minusTwoInner(float[] x, int b, float[] out, int n) {
    int j = 0;
    for (int end = S.loopBound(n); j < end; j += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, b + j);
      v.mul(v).mul(v).mul(GELU_KAPPA).add(v).mul(-2 * GELU_BETA).intoArray(out, j);
    }
    for (; j < n; j++) {
      float v = x[b + j];
      out[j] = (v * v * v * GELU_KAPPA + v) * (-2 * GELU_BETA);
    }
  }

  /** {@code out[j] = x[b + j] * c}, j < n. */
  private static void scaled(float[] x, int b, float c, float[] out, int n) {
    int j = 0;
    for (int end = S.loopBound(n); j < end; j += S.length()) {
      FloatVector.fromArray(S, x, b + j).mul(c).intoArray(out, j);
    }
    for (; j < n; j++) {
      out[j] = x[b + j] * c;
    }
  }
}
