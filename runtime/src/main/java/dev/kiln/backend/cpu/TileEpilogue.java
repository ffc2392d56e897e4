package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.MicroKernel.MR;
import static dev.kiln.backend.cpu.MicroKernel.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A linear layer's bias and relu applied to one {@code MR x NR} tile of C around the K block's
 * kernel call, while the tile is in L1: the bias written into it before the first block's
 * product is added, relu after the last. The same operations, in the same order, as filling C
 * with the bias and a relu pass after the product, without those two passes over C. Kept out of
 * the kernels: three more arguments slowed their entry and exit measurably (1-5% per call).
 */
final class TileEpilogue {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private TileEpilogue() {}

  /** {@code c[at + i*ldc + j] = bias[bj + j]} for a full tile, when {@code bias} is given. */
  static void before(float[] c, int at, int ldc, float[] bias, int bj) {
    if (bias == null) {
      return;
    }
    FloatVector b0 = FloatVector.fromArray(S, bias, bj);
    FloatVector b1 = FloatVector.fromArray(S, bias, bj + 8);
    for (int i = 0, r = at; i < MR; i++, r += ldc) {
      b0.intoArray(c, r);
      b1.intoArray(c, r + 8);
    }
  }

  /** {@code c[at + i*ldc + j] = max(c[..], 0)} for a full tile, when {@code relu}. */
  static void after(float[] c, int at, int ldc, boolean relu) {
    if (!relu) {
      return;
    }
    for (int i = 0, r = at; i < MR; i++, r += ldc) {
      FloatVector.fromArray(S, c, r).max(0f).intoArray(c, r);
      FloatVector.fromArray(S, c, r + 8).max(0f).intoArray(c, r + 8);
    }
  }

  /**
   * An edge tile's {@code mr x nr} elements, computed into {@code tile}: {@code c[at + i*ldc +
   * j] = tile[i*NR + j] + (bias == null ? c[..] : bias[bj + j])}, then relu.
   */
  static void store(float[] tile, int mr, int nr, float[] c, int at, int ldc, float[] bias,
      int bj, boolean relu) {
    for (int i = 0; i < mr; i++) {
      for (int j = 0; j < nr; j++) {
        int to = at + i * ldc + j;
        float v = (bias == null ? c[to] : bias[bj + j]) + tile[i * NR + j];
        c[to] = relu ? Math.max(v, 0f) : v;
      }
    }
  }
}
