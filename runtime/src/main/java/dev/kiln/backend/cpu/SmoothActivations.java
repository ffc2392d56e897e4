package dev.kiln.backend.cpu;

/**
 * LeakyReLU, ELU, GELU (exact and tanh), SiLU and their accumulating backward on arrays: the
 * vectorised loops of {@link VectorSmoothActivations} when {@link Simd#ENABLED}, else these plain
 * loops. Both follow PyTorch 1.13's CPU formulas; tanh-GELU is evaluated as {@code x *
 * sigmoid(2u)}, which equals {@code x / 2 * (1 + tanh(u))} and keeps precision in the negative
 * tail.
 */
final class SmoothActivations {
  /** sqrt(2 / pi), PyTorch's kBeta of the tanh GELU. */
  static final float GELU_BETA = (float) Math.sqrt(2 / Math.PI);
  static final float GELU_KAPPA = 0.044715f;
  /** 1 / sqrt(2 pi): the normal density's factor. */
  static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
  static final float SQRT1_2 = (float) Math.sqrt(0.5);

  private SmoothActivations() {}

  /** The LeakyReLU of elements {@code [from, to)}. */
  static void leakyRelu(float[] x, float slope, float[] y, int from, int to) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.leakyRelu(x, slope, y, from, to);
      return;
    }
    for (int i = from; i < to; i++) {
      y[i] = x[i] > 0 ? x[i] : x[i] * slope;
    }
  }

  static void leakyReluBackward(float[] x, float slope, float[] dy, float[] dx, int from,
      int to) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.leakyReluBackward(x, slope, dy, dx, from, to);
      return;
    }
    for (int i = from; i < to; i++) {
      dx[i] += x[i] > 0 ? dy[i] : dy[i] * slope;
    }
  }

  /** The sum over {@code [from, to)} of {@code x > 0 ? 0 : x * dy} (PReLU's weight gradient). */
  static double preluWeightGrad(float[] x, float[] dy, int from, int to) {
    if (Simd.ENABLED) {
      return VectorSmoothActivations.preluWeightGrad(x, dy, from, to);
    }
    double s = 0;
    for (int i = from; i < to; i++) {
      s += x[i] > 0 ? 0 : x[i] * dy[i];
    }
    return s;
  }

  static void elu(float[] x, float alpha, float[] y) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.elu(x, alpha, y);
      return;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i] > 0 ? x[i] : (float) Math.expm1(x[i]) * alpha;
    }
  }

  static void eluBackward(float[] x, float alpha, float[] dy, float[] dx) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.eluBackward(x, alpha, dy, dx);
      return;
    }
    for (int i = 0; i < dx.length; i++) {
      dx[i] += x[i] > 0 ? dy[i] : dy[i] * alpha * (float) Math.exp(x[i]);
    }
  }

  static void gelu(float[] x, boolean tanh, float[] y) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.gelu(x, tanh, y);
      return;
    }
    for (int i = 0; i < y.length; i++) {
      float v = x[i];
      y[i] = tanh ? v * sigmoid(2 * geluInner(v)) : 0.5f * v * (1 + erf(v * SQRT1_2));
    }
  }

  static void geluBackward(float[] x, boolean tanh, float[] dy, float[] dx) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.geluBackward(x, tanh, dy, dx);
      return;
    }
    for (int i = 0; i < dx.length; i++) {
      float v = x[i];
      float d;
      if (tanh) {
        float s = sigmoid(2 * geluInner(v)); // (1 + tanh) / 2
        d = s + 2 * v * s * (1 - s) * GELU_BETA * (1 + 3 * GELU_KAPPA * v * v);
      } else {
        d = 0.5f * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * (float) Math.exp(-0.5f * v * v);
      }
      dx[i] += dy[i] * d;
    }
  }

  static void silu(float[] x, float[] y) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.silu(x, y);
      return;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i] * sigmoid(x[i]);
    }
  }

  static void siluBackward(float[] x, float[] dy, float[] dx) {
    if (Simd.ENABLED) {
      VectorSmoothActivations.siluBackward(x, dy, dx);
      return;
    }
    for (int i = 0; i < dx.length; i++) {
      float s = sigmoid(x[i]);
      dx[i] += dy[i] * s * (1 + x[i] * (1 - s));
    }
  }

  static float geluInner(float v) {
    return GELU_BETA * (v + GELU_KAPPA * v * v * v);
  }

  static float sigmoid(float v) {
    return (float) (1.0 / (1.0 + Math.exp(-v)));
  }

  /** Juffa's {@code erff}, the scalar twin of {@link VectorMath#erf}. */
  static float erf(float a) {
    float t = Math.abs(a);
    if (!(t > 0.921875f)) {
      float s = a * a;
      float r = Math.fma(-0x1.3a1a82p-11f, s, 0x1.473f48p-08f);
      r = Math.fma(r, s, -0x1.b68bd2p-06f);
      r = Math.fma(r, s, 0x1.ce1a46p-04f);
      r = Math.fma(r, s, -0x1.8126e0p-02f);
      r = Math.fma(r, s, 0x1.06eba6p-03f);
      return Math.fma(r, a, a);
    }
    t = Math.min(t, 4f);
    float s = t * t;
    float r = Math.fma(0x1.222900p-16f, t, -0x1.91d2ccp-12f);
    float u = Math.fma(0x1.fd1336p-09f, t, -0x1.8d6300p-06f);
    r = Math.fma(r, s, u);
    r = Math.fma(r, t, 0x1.b55cb0p-4f);
    r = Math.fma(r, t, 0x1.450aa0p-1f);
    r = Math.fma(r, t, 0x1.079d0cp-3f);
    r = Math.fma(r, t, t);
    return Math.copySign(1 - (float) Math.exp(-r), a);
  }
}
