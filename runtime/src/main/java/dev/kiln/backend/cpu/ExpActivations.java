package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * tanh and sigmoid eight lanes at a time, within 2 ulp of {@link Math}, on an {@code exp} built
 * from adds, multiplies and bit operations only, so they give the same bits whether the JIT has
 * compiled them or not. The Vector API's own EXP does not: compiled it calls Intel's SVML,
 * interpreted it calls {@link Math#exp} per lane, and 4% of results differ by an ulp (measured on
 * JDK 17 and 25), so a run's bits depended on when the JIT got there. The exp is Cephes' {@code
 * expf}: {@code x = n ln2 + r} with ln2 in two parts, {@code e^r = 1 + r + r^2 P(r)} on {@code
 * |r| <= ln2 / 2}, and {@code 2^n} built in two halves so that overflow gives infinity and
 * underflow rounds through the subnormals; alone it is within 1 ulp of {@code Math.exp} (every
 * 98th float of its range: 99.2% equal). It is written out in each loop below rather than
 * called: C2 stops inlining small methods in large compilations (NodeCountInliningCutoff), and a
 * vector passed to a call that was not inlined is boxed (3 GB per SineNet run).
 */
final class ExpActivations {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  /** 1.5 * 2^23: adding it rounds a float below 2^22 to an integer, kept in the low bits. */
  private static final float SHIFT = 12582912f;
  private static final int SHIFT_BITS = 0x4B400000;
  // tanh(x) / x = 1 + T3 x^2 + T5 x^4 + ... (Taylor)
  private static final float T3 = (float) (-1.0 / 3);
  private static final float T5 = (float) (2.0 / 15);
  private static final float T7 = (float) (-17.0 / 315);
  private static final float T9 = (float) (62.0 / 2835);
  private static final float T11 = (float) (-1382.0 / 155925);
  private static final float T13 = (float) (21844.0 / 6081075);
  // Cephes' expf: log2(e), ln2 in two parts, and the polynomial of e^r
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = -0.693359375f;
  private static final float LN2_LO = 2.12194440e-4f;
  private static final float P0 = 1.9875691500e-4f;
  private static final float P1 = 1.3981999507e-3f;
  private static final float P2 = 8.3334519073e-3f;
  private static final float P3 = 4.1665795894e-2f;
  private static final float P4 = 1.6666665459e-1f;
  private static final float P5 = 5.0000001201e-1f;

  private ExpActivations() {}

  /**
   * An odd Taylor polynomial through {@code x^13} below |x| = 0.4 (truncation under 1e-8), else
   * {@code sign(x) (1 - 2 / (exp(2|x|) + 1))}; about a third faster than the Vector API's TANH.
   */
  static void tanh(float[] x, float[] y) {
    tanh(x, y, 0, y.length);
  }

  /** As {@link #tanh(float[], float[])} on {@code [from, to)} ({@code y} may be {@code x}). */
  static void tanh(float[] x, float[] y, int from, int to) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector ln2Hi = FloatVector.broadcast(S, LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(S, LN2_LO);
    FloatVector p2 = FloatVector.broadcast(S, P2);
    FloatVector p3 = FloatVector.broadcast(S, P3);
    FloatVector p4 = FloatVector.broadcast(S, P4);
    FloatVector p5 = FloatVector.broadcast(S, P5);
    FloatVector two = FloatVector.broadcast(S, 2f);
    FloatVector t9 = FloatVector.broadcast(S, T9);
    FloatVector t7 = FloatVector.broadcast(S, T7);
    FloatVector t5 = FloatVector.broadcast(S, T5);
    FloatVector t3 = FloatVector.broadcast(S, T3);
    int i = from;
    for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector a = v.abs().mul(2f);
      FloatVector b = a.min(88f); // exp(88) is as good as infinity here; NaN stays NaN
      FloatVector t = b.fma(LOG2E, SHIFT);
      FloatVector n = t.sub(SHIFT);
      FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, b)); // n * ln2Hi is exact
      FloatVector p = r.fma(P0, P1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      FloatVector e = p.fma(r.mul(r), r).add(one);
      IntVector k = t.reinterpretAsInts().sub(SHIFT_BITS);
      e = e.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      FloatVector v2 = v.mul(v);
      FloatVector q = v2.fma(T13, T11).fma(v2, t9).fma(v2, t7).fma(v2, t5).fma(v2, t3);
      FloatVector small = v.mul(v2.fma(q, one));
      FloatVector large = one.sub(two.div(e.add(one)));
      large = large.blend(large.neg(), v.compare(VectorOperators.LT, 0f));
      small.blend(large, a.compare(VectorOperators.GE, 0.8f)).intoArray(y, i); // |x| >= 0.4
    }
    for (; i < to; i++) {
      y[i] = (float) Math.tanh(x[i]);
    }
  }

  /**
   * {@code 1 / (1 + exp(-x))}, with {@code 2^n} in two halves so that overflow gives infinity and
   * underflow rounds through the subnormals. A loop of its own, not one loop choosing between the
   * two functions: a vector chosen between two paths can defeat C2's box elimination.
   */
  static void sigmoid(float[] x, float[] y) {
    sigmoid(x, y, 0, y.length);
  }

  /** As {@link #sigmoid(float[], float[])} on {@code [from, to)} ({@code y} may be {@code x}). */
  static void sigmoid(float[] x, float[] y, int from, int to) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector ln2Hi = FloatVector.broadcast(S, LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(S, LN2_LO);
    FloatVector p2 = FloatVector.broadcast(S, P2);
    FloatVector p3 = FloatVector.broadcast(S, P3);
    FloatVector p4 = FloatVector.broadcast(S, P4);
    FloatVector p5 = FloatVector.broadcast(S, P5);
    int i = from;
    for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
      FloatVector b = FloatVector.fromArray(S, x, i).neg().max(-104f).min(89f); // NaN stays NaN
      FloatVector t = b.fma(LOG2E, SHIFT);
      FloatVector n = t.sub(SHIFT);
      FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, b)); // n * ln2Hi is exact
      FloatVector p = r.fma(P0, P1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      FloatVector e = p.fma(r.mul(r), r).add(one);
      IntVector k = t.reinterpretAsInts().sub(SHIFT_BITS);
      IntVector half = k.lanewise(VectorOperators.ASHR, 1);
      e = e.mul(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
          .mul(k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      one.div(e.add(one)).intoArray(y, i);
    }
    for (; i < to; i++) {
      y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }
  }
}
