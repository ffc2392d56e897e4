package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.MicroKernel.MR;
import static dev.kiln.backend.cpu.MicroKernel.NR;

/**
 * The vectorised {@code C += op(A) op(B)}, blocked as BLIS does: a {@code KC x NC} panel of B
 * packed once per {@code (jc, pc)}, an {@code MC x KC} block of A per {@code ic}, then
 * {@link MicroKernel} over {@code MR x NR} tiles; narrow blocks of whole tiles read A's rows in
 * place instead ({@link RowKernel}). Skinny shapes (one row, one column, {@code
 * k = 1}) take the unpacked {@link Gemv} path. Large products split the output into one block
 * of columns (or rows) per thread; every element sees the same operations in the same order
 * whatever the split.
 */
final class PackedGemm {
  static final int KC = 256;
  static final int MC = 64;
  static final int NC = 1024;
  /**
   * Blocks at most this wide read A in place ({@link RowKernel}): measured against packing, 5-15%
   * faster at 64-128 columns (the MLP's layers), about even at 192-784, 8% slower at 1024.
   */
  static final int ROWS_MAX_N = 128;
  /** Products with at least this many multiply-adds run on several threads. */
  static final long PARALLEL_WORK = 1L << 21;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
  private static final ThreadLocal<Split> SPLIT = ThreadLocal.withInitial(Split::new);

  private PackedGemm() {}

  /**
   * {@code C += op(A) op(B)}; with {@code constantB} (the caller expects B unchanged between
   * calls, as inference weights are) B's packed form is kept in {@link PackedPanels}. With
   * {@code bias} (of {@code n}) the product is added to it instead of to C, and with {@code
   * relu} the result is clamped at 0, tile by tile ({@link TileEpilogue}); neither is taken by
   * the shapes {@link Gemv} handles.
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      float[] b, int bOff, float[] c, int cOff, boolean constantB, float[] bias, boolean relu) {
    if (Gemv.handles(transA, m, n, k)) {
      if (bias != null || relu) {
        throw new IllegalArgumentException("no epilogue for a " + m + "x" + n + "x" + k
            + " product: Gemv computes it");
      }
      Gemv.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
      return;
    }
    float[] panel = constantB ? PackedPanels.get(transB, b, bOff, k, n) : null;
    gemmPanel(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, panel, bias, relu);
  }

  /**
   * As {@link #gemm} past the skinny shapes, with B's packed form given ({@code panel}, laid out
   * as {@link PackedPanels} lays it out, or null to pack B here): a caller multiplying by one B
   * many times (a recurrent layer's {@code W_hh}, once per time step) packs it once.
   */
  static void gemmPanel(boolean transA, boolean transB, int m, int n, int k, float[] a,
      int aOff, float[] b, int bOff, float[] c, int cOff, float[] panel, float[] bias,
      boolean relu) {
    int threads = CpuThreads.get();
    if (threads == 1 || (long) m * n * k < PARALLEL_WORK) {
      block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, 0, n, scratch(), panel,
          bias, relu);
      return;
    }
    Split s = SPLIT.get();
    if (s.set(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, panel, bias, relu, threads)) {
      WorkerPool.run(s.parts, s.packB);
    }
    WorkerPool.run(s.parts, s);
    s.clear();
  }

  /**
   * Rows {@code i0..i1} and columns {@code j0..j1} of C; B's slivers come from {@code panel}
   * (all of B packed, {@link PackedPanels}) when it is not null, else are packed here. The first
   * K block adds {@code bias} when given, the last applies {@code relu}.
   */
  static void block(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      float[] b, int bOff, float[] c, int cOff, int i0, int i1, int j0, int j1, Scratch s,
      float[] panel, float[] bias, boolean relu) {
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        float[] pb = panel == null ? s.pb : panel;
        int pbOff = panel == null ? 0 : PackedPanels.offset(n, pc, jc, kc);
        float[] first = pc == 0 ? bias : null;
        boolean last = relu && pc + kc == k;
        if (panel == null) {
          Packing.packB(transB, b, bOff, k, n, pc, jc, kc, nc, pb, 0);
        }
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          int at = cOff + ic * n + jc;
          if (!transA && nc <= ROWS_MAX_N && mc % MR == 0) {
            rowTiles(kc, mc, nc, a, aOff + ic * k + pc, k, s, pb, pbOff, c, at, n, first, jc,
                last);
          } else {
            Packing.packA(transA, a, aOff, m, k, ic, pc, mc, kc, s.pa);
            tiles(kc, mc, nc, s, pb, pbOff, c, at, n, first, jc, last);
          }
        }
      }
    }
  }

  /**
   * The tiles of an unpacked A block ({@code mc x kc}, {@code mc} a multiple of MR); {@code bias}
   * (or null) is indexed from column {@code bj}.
   */
  private static void rowTiles(int kc, int mc, int nc, float[] a, int aOff, int lda, Scratch s,
      float[] pb, int pbOff, float[] c, int cOff, int ldc, float[] bias, int bj, boolean relu) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      for (int ir = 0; ir < mc; ir += MR) {
        int at = cOff + ir * ldc + jr;
        if (nr == NR) {
          TileEpilogue.before(c, at, ldc, bias, bj + jr);
          RowKernel.run(kc, a, aOff + ir * lda, lda, pb, pbOff + jr * kc, c, at, ldc);
          TileEpilogue.after(c, at, ldc, relu);
        } else {
          java.util.Arrays.fill(s.tile, 0f);
          RowKernel.run(kc, a, aOff + ir * lda, lda, pb, pbOff + jr * kc, s.tile, 0, NR);
          TileEpilogue.store(s.tile, MR, nr, c, at, ldc, bias, bj + jr, relu);
        }
      }
    }
  }

  private static void tiles(int kc, int mc, int nc, Scratch s, float[] pb, int pbOff, float[] c,
      int cOff, int ldc, float[] bias, int bj, boolean relu) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      for (int ir = 0; ir < mc; ir += MR) {
        int mr = Math.min(MR, mc - ir);
        int at = cOff + ir * ldc + jr;
        if (mr == MR && nr == NR) {
          TileEpilogue.before(c, at, ldc, bias, bj + jr);
          MicroKernel.run(kc, s.pa, ir * kc, pb, pbOff + jr * kc, c, at, ldc);
          TileEpilogue.after(c, at, ldc, relu);
        } else {
          java.util.Arrays.fill(s.tile, 0f);
          MicroKernel.run(kc, s.pa, ir * kc, pb, pbOff + jr * kc, s.tile, 0, NR);
          TileEpilogue.store(s.tile, mr, nr, c, at, ldc, bias, bj + jr, relu);
        }
      }
    }
  }

  /** The floats the calling thread holds for sharing packed B panels between threads. */
  static int sharedFloats() {
    return SPLIT.get().sharedFloats();
  }

  /** The calling thread's packing buffers. */
  static Scratch scratch() {
    return SCRATCH.get();
  }

  /** One thread's packing buffers. */
  static final class Scratch {
    final float[] pa = new float[MC * KC];
    final float[] pb = new float[KC * NC];
    final float[] tile = new float[MR * NR];
  }
}
