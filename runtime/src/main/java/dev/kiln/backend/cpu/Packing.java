package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.MicroKernel.MR;
import static dev.kiln.backend.cpu.MicroKernel.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of {@code op(A)} and {@code op(B)} into the sliver layouts {@link MicroKernel}
 * reads, zero-padding the last sliver: A as {@code kc x MR} column slivers, B as {@code kc x NR}
 * row slivers. Transposed operands are read in their stored order (contiguous source reads).
 */
final class Packing {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private Packing() {}

  /**
   * Packs rows {@code i0..i0+mc} and columns {@code p0..p0+kc} of {@code op(A)} ({@code m x k},
   * stored {@code k x m} when {@code trans}) into {@code pa}: sliver {@code s} at {@code s*MR*kc}.
   */
  static void packA(boolean trans, float[] a, int aOff, int m, int k, int i0, int p0, int mc,
      int kc, float[] pa) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc;
      int mr = Math.min(MR, mc - ir);
      if (trans) {
        int src = aOff + p0 * m + i0 + ir;
        if (mr == MR) { // MR = 4 contiguous elements a step
          for (int p = 0; p < kc; p++) {
            int from = src + p * m;
            int to = base + p * MR;
            pa[to] = a[from];
            pa[to + 1] = a[from + 1];
            pa[to + 2] = a[from + 2];
            pa[to + 3] = a[from + 3];
          }
        } else {
          for (int p = 0; p < kc; p++) {
            for (int i = 0; i < MR; i++) {
              pa[base + p * MR + i] = i < mr ? a[src + p * m + i] : 0f;
            }
          }
        }
      } else {
        for (int i = 0; i < MR; i++) {
          spread(i < mr ? a : null, aOff + (i0 + ir + i) * k + p0, pa, base + i, MR, kc);
        }
      }
    }
  }

  /**
   * Packs rows {@code p0..p0+kc} and columns {@code j0..j0+nc} of {@code op(B)} ({@code k x n},
   * stored {@code n x k} when {@code trans}) into {@code pb}: sliver {@code s} at {@code
   * pbOff + s*NR*kc}.
   */
  static void packB(boolean trans, float[] b, int bOff, int k, int n, int p0, int j0, int kc,
      int nc, float[] pb, int pbOff) {
    for (int jr = 0; jr < nc; jr += NR) {
      int base = pbOff + jr * kc;
      int nr = Math.min(NR, nc - jr);
      if (trans) {
        for (int j = 0; j < NR; j++) {
          spread(j < nr ? b : null, bOff + (j0 + jr + j) * k + p0, pb, base + j, NR, kc);
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (p0 + p) * n + j0 + jr;
          int dst = base + p * NR;
          if (nr == NR) {
            FloatVector.fromArray(S, b, src).intoArray(pb, dst);
            FloatVector.fromArray(S, b, src + 8).intoArray(pb, dst + 8);
          } else {
            for (int j = 0; j < NR; j++) {
              pb[dst + j] = j < nr ? b[src + j] : 0f;
            }
          }
        }
      }
    }
  }

  /**
   * One lane of a sliver: {@code to[at + p * stride] = from[start + p]} for {@code p < count},
   * or zeros when {@code from} is null (the padding past the matrix's last row or column).
   */
  private static void spread(float[] from, int start, float[] to, int at, int stride, int count) {
    if (from == null) {
      for (int p = 0; p < count; p++) {
        to[at + p * stride] = 0f;
      }
    } else {
      for (int p = 0; p < count; p++) {
        to[at + p * stride] = from[start + p];
      }
    }
  }
}
