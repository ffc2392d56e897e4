package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.VectorMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The row passes of {@link Attention}: scores scaled and masked then normalised in place, and
 * the softmax backward with the scale folded in. Vectorised eight lanes at a time when the
 * Vector API is present ({@link VectorSoftmax} for the softmax itself), scalar otherwise.
 */
final class AttentionRows {
  private AttentionRows() {}

  /**
   * Row {@code p[base, base + n)}: its first {@code width} scores become {@code softmax(scale * p +
   * mask[mo + j] + keyMask[ko + j])} (a null mask adds nothing), the rest 0 (causal positions).
   */
  static void softmax(float[] p, int base, int width, int n, float scale, float[] mask, int mo,
      float[] keyMask, int ko) {
    int j = 0;
    if (Simd.ENABLED) {
      for (int end = S.loopBound(width); j < end; j += S.length()) {
        FloatVector x = FloatVector.fromArray(S, p, base + j).mul(scale);
        if (mask != null) {
          x = x.add(FloatVector.fromArray(S, mask, mo + j));
        }
        if (keyMask != null) {
          x = x.add(FloatVector.fromArray(S, keyMask, ko + j));
        }
        x.intoArray(p, base + j);
      }
    }
    for (; j < width; j++) {
      float x = p[base + j] * scale;
      if (mask != null) {
        x += mask[mo + j];
      }
      if (keyMask != null) {
        x += keyMask[ko + j];
      }
      p[base + j] = x;
    }
    java.util.Arrays.fill(p, base + width, base + n, 0f);
    if (width == 0) {
      return;
    }
    if (Simd.ENABLED) {
      VectorSoftmax.row(p, p, base, width, false);
      return;
    }
    float m = Float.NEGATIVE_INFINITY;
    for (int i = base; i < base + width; i++) {
      m = Math.max(m, p[i]);
    }
    double sum = 0;
    for (int i = base; i < base + width; i++) {
      p[i] = (float) Math.exp(p[i] - m);
      sum += p[i];
    }
    float r = (float) (1 / sum);
    for (int i = base; i < base + width; i++) {
      p[i] *= r;
    }
  }

  /**
   * {@code ds = scale * p * (dp - sum(dp * p))} over row {@code [base, base + n)}; {@code ds}
   * may be {@code dp} itself.
   */
  static void softmaxBackward(float[] p, float[] dp, float[] ds, int base, int n, float scale) {
    int j = 0;
    float t = 0;
    if (Simd.ENABLED) {
      FloatVector acc = FloatVector.zero(S);
      for (int end = S.loopBound(n); j < end; j += S.length()) {
        acc = FloatVector.fromArray(S, dp, base + j).fma(FloatVector.fromArray(S, p, base + j),
            acc);
      }
      for (int l = 0; l < S.length(); l++) {
        t += acc.lane(l);
      }
    }
    for (; j < n; j++) {
      t += dp[base + j] * p[base + j];
    }
    j = 0;
    if (Simd.ENABLED) {
      for (int end = S.loopBound(n); j < end; j += S.length()) {
        FloatVector.fromArray(S, dp, base + j).sub(t)
            .mul(FloatVector.fromArray(S, p, base + j)).mul(scale).intoArray(ds, base + j);
      }
    }
    for (; j < n; j++) {
      ds[base + j] = (dp[base + j] - t) * p[base + j] * scale;
    }
  }
}
