package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp}, {@code expm1} and {@code erf} eight lanes at a time from adds, multiplies, fmas and
 * bit operations only, so a result has the same bits whether the JIT has compiled the loop or
 * not (see {@link ExpActivations} for why the Vector API's own EXP is avoided). The exp is the
 * same Cephes {@code expf} as there; {@code expm1} reuses its reduction: for {@code |x| <= ln2/2}
 * the polynomial {@code r + r^2 P(r)} is {@code expm1} itself, without cancellation. The erf is
 * Norbert Juffa's branch-free {@code erff} (a polynomial below 0.921875, {@code 1 - exp(-p(|x|))}
 * above), within 1 ulp of the exact function on [-5, 5] (measured against Python's
 * {@code math.erf}, 200,000 points). The methods are small and called from short loops, where
 * C2 inlines them (no vector is boxed: {@code SmoothActivationsAllocationTest}).
 */
final class VectorMath {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  /** 1.5 * 2^23: adding it rounds a float below 2^22 to an integer, kept in the low bits. */
  private static final float SHIFT = 12582912f;
  private static final int SHIFT_BITS = 0x4B400000;

  private VectorMath() {}

  /** {@code e^x}; NaN stays NaN, below -104 gives 0, above 89 infinity. */
  static FloatVector exp(FloatVector x) {
    FloatVector b = x.max(-104f).min(89f);
    FloatVector t = b.fma(1.44269504088896341f, SHIFT);
    FloatVector n = t.sub(SHIFT);
    FloatVector r = n.fma(k(2.12194440e-4f), n.fma(k(-0.693359375f), b)); // n * ln2Hi is exact
    FloatVector e = poly(r).fma(r.mul(r), r).add(1f);
    IntVector k = t.reinterpretAsInts().sub(SHIFT_BITS);
    IntVector half = k.lanewise(VectorOperators.ASHR, 1);
    return e.mul(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
        .mul(k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
  }

  /** {@code e^x - 1}, accurate near 0; NaN stays NaN, below -104 gives -1. */
  static FloatVector expm1(FloatVector x) {
    FloatVector b = x.max(-104f).min(89f);
    FloatVector t = b.fma(1.44269504088896341f, SHIFT);
    FloatVector n = t.sub(SHIFT);
    FloatVector r = n.fma(k(2.12194440e-4f), n.fma(k(-0.693359375f), b));
    FloatVector q = poly(r).fma(r.mul(r), r); // e^r - 1
    IntVector k = t.reinterpretAsInts().sub(SHIFT_BITS);
    IntVector half = k.lanewise(VectorOperators.ASHR, 1);
    FloatVector e = q.add(1f)
        .mul(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
        .mul(k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
        .sub(1f);
    return e.blend(q, n.compare(VectorOperators.EQ, 0f));
  }

  private static FloatVector k(float v) {
    return FloatVector.broadcast(S, v);
  }

  private static FloatVector poly(FloatVector r) {
    return r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, k(8.3334519073e-3f))
        .fma(r, k(4.1665795894e-2f)).fma(r, k(1.6666665459e-1f)).fma(r, k(5.0000001201e-1f));
  }

  /** {@code erf(a)}; NaN stays NaN. */
  static FloatVector erf(FloatVector a) {
    FloatVector t = a.abs();
    FloatVector s = a.mul(a);
    FloatVector small = s.fma(-0x1.3a1a82p-11f, 0x1.473f48p-08f).fma(s, k(-0x1.b68bd2p-06f))
        .fma(s, k(0x1.ce1a46p-04f)).fma(s, k(-0x1.8126e0p-02f)).fma(s, k(0x1.06eba6p-03f)).fma(a, a);
    FloatVector tl = t.min(4f); // erf(4) rounds to 1
    FloatVector sl = tl.mul(tl);
    FloatVector u = tl.fma(0x1.fd1336p-09f, -0x1.8d6300p-06f);
    FloatVector r = tl.fma(0x1.222900p-16f, -0x1.91d2ccp-12f).fma(sl, u).fma(tl, k(0x1.b55cb0p-4f))
        .fma(tl, k(0x1.450aa0p-1f)).fma(tl, k(0x1.079d0cp-3f)).fma(tl, tl);
    FloatVector large = exp(r.neg()).neg().add(1f);
    large = large.blend(large.neg(), a.compare(VectorOperators.LT, 0f));
    return small.blend(large, t.compare(VectorOperators.GT, 0.921875f));
  }
}
