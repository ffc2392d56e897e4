package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API loops of {@link Runs}; only loaded when {@link Simd#ENABLED}. */
final class VectorRuns {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private VectorRuns() {}

  static void add(float[] src, int so, float[] dst, int dO, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += S.length()) {
      FloatVector.fromArray(S, dst, dO + i).add(FloatVector.fromArray(S, src, so + i))
          .intoArray(dst, dO + i);
    }
    for (; i < len; i++) {
      dst[dO + i] += src[so + i];
    }
  }

  static void scaleAdd(float a, float[] src, float[] dst, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += S.length()) {
      FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, src, i).mul(a))
          .intoArray(dst, i);
    }
    for (; i < len; i++) {
      dst[i] += a * src[i];
    }
  }

  static void maskedFill(float[] in, float[] m, int mOff, float value, float[] out, int off,
      int len) {
    int i = 0;
    FloatVector fill = FloatVector.broadcast(S, value);
    for (int bound = S.loopBound(len); i < bound; i += S.length()) {
      VectorMask<Float> keep =
          FloatVector.fromArray(S, m, mOff + i).compare(VectorOperators.EQ, 0f);
      fill.blend(FloatVector.fromArray(S, in, off + i), keep).intoArray(out, off + i);
    }
    for (; i < len; i++) {
      out[off + i] = m[mOff + i] != 0f ? value : in[off + i];
    }
  }

  static void maskedAdd(float[] in, float[] m, int mOff, float[] out, int off, int len) {
    int i = 0;
    FloatVector zero = FloatVector.zero(S);
    for (int bound = S.loopBound(len); i < bound; i += S.length()) {
      VectorMask<Float> keep =
          FloatVector.fromArray(S, m, mOff + i).compare(VectorOperators.EQ, 0f);
      FloatVector g = zero.blend(FloatVector.fromArray(S, in, off + i), keep);
      FloatVector.fromArray(S, out, off + i).add(g).intoArray(out, off + i);
    }
    for (; i < len; i++) {
      if (m[mOff + i] == 0f) {
        out[off + i] += in[off + i];
      }
    }
  }
}
