package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp}, {@code expm1} and {@code erf} over array ranges, eight lanes at a time, from adds,
 * multiplies, fmas and bit operations only, so a result has the same bits whether the JIT has
 * compiled the loop or not (see {@link ExpActivations} for why the Vector API's EXP is avoided).
 * They work on arrays, never on vectors passed between methods: C2 stops inlining a vector
 * method once its own compiled code is large, and a vector passed to a call that is not inlined
 * is boxed (measured here: 200 KB per GELU call of 4,288 elements, depending on which loop the
 * JIT compiled first). Callers therefore split a formula into passes over blocks of
 * {@link #BLOCK} floats in a per-thread {@link #scratch}: arguments, exp, combination.
 *
 * <p>The exp is Cephes' {@code expf} as in {@link ExpActivations}; {@code expm1} reuses its
 * reduction: for {@code |x| <= ln2/2} the polynomial {@code r + r^2 P(r)} is {@code expm1}
 * itself, without cancellation. The erf is Norbert Juffa's {@code erff} (an odd polynomial
 * below 0.921875, {@code 1 - exp(-p(|x|))} above), within 1 ulp on [-6, 6]
 * ({@code SmoothActivationsTest}). Scalar tails use {@link Math#exp}, {@link Math#expm1} and
 * {@link SmoothActivations#erf}.
 */
final class VectorMath {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  /** Floats per block of a multi-pass kernel: small enough to stay in L1. */
  static final int BLOCK = 512;
  /** 1.5 * 2^23: adding it rounds a float below 2^22 to an integer, kept in the low bits. */
  private static final float SHIFT = 12582912f;
  private static final int SHIFT_BITS = 0x4B400000;
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[4][BLOCK]);

  private VectorMath() {}

  /** This thread's scratch array {@code slot} (0 to 3), at least {@code n} floats. */
  static float[] scratch(int slot, int n) {
    float[][] s = SCRATCH.get();
    if (s[slot].length < n) {
      s[slot] = new float[Math.max(n, 2 * s[slot].length)];
    }
    return s[slot];
  }

  /** {@code a[i] = exp(a[i])} on {@code [from, to)}; NaN stays NaN, below -104 gives 0. */
  static void exp(float[] a, int from, int to) {
    run(a, from, to, false);
  }

  /** {@code a[i] = exp(a[i]) - 1} on {@code [from, to)}, accurate near 0. */
  static void expm1(float[] a, int from, int to) {
    run(a, from, to, true);
  }

  private static void run(float[] a, int from, int to, boolean minusOne) {
    FloatVector log2e = FloatVector.broadcast(S, 1.44269504088896341f);
    FloatVector shift = FloatVector.broadcast(S, SHIFT);
    FloatVector ln2Hi = FloatVector.broadcast(S, -0.693359375f);
    FloatVector ln2Lo = FloatVector.broadcast(S, 2.12194440e-4f);
    FloatVector p2 = FloatVector.broadcast(S, 8.3334519073e-3f);
    FloatVector p3 = FloatVector.broadcast(S, 4.1665795894e-2f);
    FloatVector p4 = FloatVector.broadcast(S, 1.6666665459e-1f);
    FloatVector p5 = FloatVector.broadcast(S, 5.0000001201e-1f);
    int i = from;
    for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
      FloatVector b = FloatVector.fromArray(S, a, i).max(-104f).min(89f);
      FloatVector t = b.fma(log2e, shift);
      FloatVector n = t.sub(shift);
      FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, b)); // n * ln2Hi is exact
      FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, p2).fma(r, p3)
          .fma(r, p4).fma(r, p5);
      FloatVector q = p.fma(r.mul(r), r); // e^r - 1
      IntVector k = t.reinterpretAsInts().sub(SHIFT_BITS);
      IntVector half = k.lanewise(VectorOperators.ASHR, 1);
      FloatVector e = q.add(1f)
          .mul(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
          .mul(k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      if (minusOne) {
        e = e.sub(1f).blend(q, n.compare(VectorOperators.EQ, 0f));
      }
      e.intoArray(a, i);
    }
    for (; i < to; i++) {
      a[i] = minusOne ? (float) Math.expm1(a[i]) : (float) Math.exp(a[i]);
    }
  }

  /** {@code out[i] = erf(a[i])} for {@code i < n}, with {@code tmp} (n floats) as scratch. */
  static void erf(float[] a, float[] out, float[] tmp, int n) {
    FloatVector l2 = FloatVector.broadcast(S, 0x1.b55cb0p-4f);
    FloatVector l1 = FloatVector.broadcast(S, 0x1.450aa0p-1f);
    FloatVector l0 = FloatVector.broadcast(S, 0x1.079d0cp-3f);
    FloatVector s3 = FloatVector.broadcast(S, -0x1.b68bd2p-06f);
    FloatVector s2 = FloatVector.broadcast(S, 0x1.ce1a46p-04f);
    FloatVector s1 = FloatVector.broadcast(S, -0x1.8126e0p-02f);
    FloatVector s0 = FloatVector.broadcast(S, 0x1.06eba6p-03f);
    int i = 0;
    int end = S.loopBound(n);
    for (; i < end; i += S.length()) { // tmp = -p(|a|): erf(|a|) = 1 - exp(-p) above 0.921875
      FloatVector t = FloatVector.fromArray(S, a, i).abs().min(4f); // erf(4) rounds to 1
      FloatVector u = t.fma(0x1.fd1336p-09f, -0x1.8d6300p-06f);
      FloatVector r = t.fma(0x1.222900p-16f, -0x1.91d2ccp-12f).fma(t.mul(t), u).fma(t, l2)
          .fma(t, l1).fma(t, l0).fma(t, t);
      r.neg().intoArray(tmp, i);
    }
    exp(tmp, 0, end);
    for (i = 0; i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, a, i);
      FloatVector s = v.mul(v);
      FloatVector small = s.fma(-0x1.3a1a82p-11f, 0x1.473f48p-08f).fma(s, s3).fma(s, s2)
          .fma(s, s1).fma(s, s0).fma(v, v);
      FloatVector large = FloatVector.fromArray(S, tmp, i).neg().add(1f);
      large = large.blend(large.neg(), v.compare(VectorOperators.LT, 0f));
      small.blend(large, v.abs().compare(VectorOperators.GT, 0.921875f)).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = SmoothActivations.erf(a[i]);
    }
  }
}
