package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.MicroKernel.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel}'s {@code 4 x 16} tile read from four rows of A in place instead of a packed
 * sliver: for narrow products (few B slivers share each A block) this skips packing A, which
 * costs more than the unpacked reads. Two steps a trip (C2 does not unroll the loop, and the four
 * row indices cost more per step than the packed sliver's one). Every element sees the same
 * fused multiply-adds in the same order as in {@code MicroKernel}, so the results are identical.
 * Copying the rows to a constant stride, so that one index serves all four, made C2 load all
 * eight broadcasts first and spill (0.7x on JDK 17).
 */
final class RowKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private RowKernel() {}

  /**
   * {@code c[cOff + i*ldc + j] += sum_p a[aOff + i*lda + p] * pb[bOff + p*16 + j]} for
   * {@code i < 4, j < 16, p < kc}.
   */
  static void run(int kc, float[] a, int aOff, int lda, float[] pb, int bOff, float[] c,
      int cOff, int ldc) {
    int r0 = aOff;
    int r1 = r0 + lda;
    int r2 = r1 + lda;
    int r3 = r2 + lda;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    FloatVector b0;
    FloatVector b1;
    FloatVector a0;
    FloatVector a1;
    FloatVector a2;
    FloatVector a3;
    int p = 0;
    for (; p < (kc & -2); p += 2) {
      int bo = bOff + p * NR;
      b0 = FloatVector.fromArray(S, pb, bo);
      b1 = FloatVector.fromArray(S, pb, bo + 8);
      a0 = FloatVector.broadcast(S, a[r0 + p]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      a1 = FloatVector.broadcast(S, a[r1 + p]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      a2 = FloatVector.broadcast(S, a[r2 + p]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      a3 = FloatVector.broadcast(S, a[r3 + p]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      b0 = FloatVector.fromArray(S, pb, bo + NR);
      b1 = FloatVector.fromArray(S, pb, bo + NR + 8);
      a0 = FloatVector.broadcast(S, a[r0 + p + 1]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      a1 = FloatVector.broadcast(S, a[r1 + p + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      a2 = FloatVector.broadcast(S, a[r2 + p + 1]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      a3 = FloatVector.broadcast(S, a[r3 + p + 1]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    if (p < kc) {
      int bo = bOff + p * NR;
      b0 = FloatVector.fromArray(S, pb, bo);
      b1 = FloatVector.fromArray(S, pb, bo + 8);
      a0 = FloatVector.broadcast(S, a[r0 + p]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      a1 = FloatVector.broadcast(S, a[r1 + p]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      a2 = FloatVector.broadcast(S, a[r2 + p]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      a3 = FloatVector.broadcast(S, a[r3 + p]);
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
