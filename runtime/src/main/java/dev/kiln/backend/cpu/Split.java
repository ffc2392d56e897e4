package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.MicroKernel.MR;
import static dev.kiln.backend.cpu.MicroKernel.NR;

/**
 * One large {@link PackedGemm} call divided into a block of output columns (or, for tall
 * products, rows) per thread, in whole tiles. Reused per calling thread, so splitting allocates
 * nothing.
 */
final class Split implements WorkerPool.Job {
  private boolean transA;
  private boolean transB;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private int aOff;
  private float[] b;
  private int bOff;
  private float[] c;
  private int cOff;
  private float[] panel;
  private boolean byColumns;
  private int step;
  int parts;

  void set(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, float[] b,
      int bOff, float[] c, int cOff, float[] panel, int threads) {
    this.transA = transA;
    this.transB = transB;
    this.m = m;
    this.n = n;
    this.k = k;
    this.a = a;
    this.aOff = aOff;
    this.b = b;
    this.bOff = bOff;
    this.c = c;
    this.cOff = cOff;
    this.panel = panel;
    int tilesN = (n + NR - 1) / NR;
    int tilesM = (m + MR - 1) / MR;
    byColumns = tilesN >= tilesM;
    int tiles = byColumns ? tilesN : tilesM;
    parts = Math.min(threads, tiles);
    step = (tiles + parts - 1) / parts * (byColumns ? NR : MR);
    parts = ((byColumns ? n : m) + step - 1) / step;
  }

  /** Drops the array references so the pool does not keep them alive. */
  void clear() {
    a = null;
    b = null;
    c = null;
    panel = null;
  }

  @Override
  public void run(int part) {
    int lo = part * step;
    PackedGemm.Scratch s = PackedGemm.scratch();
    if (byColumns) {
      PackedGemm.block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, lo,
          Math.min(n, lo + step), s, panel);
    } else {
      PackedGemm.block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, lo,
          Math.min(m, lo + step), 0, n, s, panel);
    }
  }
}
