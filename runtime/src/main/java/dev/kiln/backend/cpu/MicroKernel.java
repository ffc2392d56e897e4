package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled heart of {@link PackedGemm}: a {@code 4 x 16} block of C (eight 8-lane
 * accumulators) updated from a packed A sliver ({@code kc x 4}) and B sliver ({@code kc x 16}).
 * Four rows is what C2 keeps in registers without spilling (measured: 4x16 93 GFLOP/s from L1,
 * 6x16 74). The loop's form depends on the JIT, see {@link #TWO_STEPS}. Forms that drop C2's
 * per-trip index arithmetic (12 scalar instructions beside 28 vector ones) were no faster on
 * JDK 17, same bits: A's index as the loop's only induction variable (C2 then loads all eight
 * broadcasts first and spills accumulators: 0.6x), B's (A's bounds checks stay: even), 5 rows.
 */
final class MicroKernel {
  static final int MR = 4;
  static final int NR = 16;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  /**
   * Two steps a trip on JDK 17, one elsewhere. JDK 17's C2 does not unroll the loop, and there a
   * one-step loop ran 1.2x faster when it happened to start on a 64-byte boundary than when not;
   * the two-step loop is as fast as the aligned one wherever it lands. JDK 25's C2 loads all
   * eight broadcasts of the two steps first, which needs 20 vector registers of 16: it spilled
   * accumulators, and sgemm ran 2.5x slower than with the one-step loop (which needs 14).
   */
  static final boolean TWO_STEPS = Runtime.version().feature() == 17;

  private MicroKernel() {}

  /** {@code c[cOff + i*ldc + j] += sum_p pa[aOff + p*4 + i] * pb[bOff + p*16 + j]}. */
  static void run(int kc, float[] pa, int aOff, float[] pb, int bOff, float[] c, int cOff,
      int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    int p = 0;
    int pairs = TWO_STEPS ? kc & -2 : 0; // a condition in the loop's test kept its bounds checks
    for (; p < pairs; p += 2) {
      int bo = bOff + p * NR;
      int ao = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, pb, bo);
      FloatVector b1 = FloatVector.fromArray(S, pb, bo + 8);
      FloatVector a0 = FloatVector.broadcast(S, pa[ao]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, pa[ao + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, pa[ao + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, pa[ao + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      b0 = FloatVector.fromArray(S, pb, bo + NR);
      b1 = FloatVector.fromArray(S, pb, bo + NR + 8);
      a0 = FloatVector.broadcast(S, pa[ao + MR]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      a1 = FloatVector.broadcast(S, pa[ao + MR + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      a2 = FloatVector.broadcast(S, pa[ao + MR + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      a3 = FloatVector.broadcast(S, pa[ao + MR + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    for (; p < kc; p++) {
      int bo = bOff + p * NR;
      int ao = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, pb, bo);
      FloatVector b1 = FloatVector.fromArray(S, pb, bo + 8);
      FloatVector a0 = FloatVector.broadcast(S, pa[ao]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, pa[ao + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, pa[ao + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, pa[ao + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    c00.add(FloatVector.fromArray(S, c, cOff)).intoArray(c, cOff);
    c01.add(FloatVector.fromArray(S, c, cOff + 8)).intoArray(c, cOff + 8);
    int r = cOff + ldc;
    c10.add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
    c11.add(FloatVector.fromArray(S, c, r + 8)).intoArray(c, r + 8);
    r += ldc;
    c20.add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
    c21.add(FloatVector.fromArray(S, c, r + 8)).intoArray(c, r + 8);
    r += ldc;
    c30.add(FloatVector.fromArray(S, c, r)).intoArray(c, r);
    c31.add(FloatVector.fromArray(S, c, r + 8)).intoArray(c, r + 8);
  }
}
