package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.MicroKernel.MR;
import static dev.kiln.backend.cpu.MicroKernel.NR;
import static dev.kiln.backend.cpu.PackedGemm.KC;
import static dev.kiln.backend.cpu.PackedGemm.MC;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One large {@link PackedGemm} call shared between threads. Usually B is packed once, the threads
 * splitting its slivers, into a panel all of them read; then the rows of C are cut into chunks of
 * whole tiles, about four per thread, that the threads take in turn, so a thread slowed by the
 * shared host's load takes fewer instead of holding up the rest. Products with too few rows for
 * that, or a B too large to keep packed, give each thread one fixed block of columns (or rows)
 * that packs its own operands. Reused per calling thread, so splitting allocates nothing once the
 * panel has grown to its size.
 */
final class Split implements WorkerPool.Job {
  /** The largest packed B kept for sharing, in floats (16 MB). */
  static final int SHARED_MAX = 1 << 22;
  private static final int CHUNKS_PER_THREAD = 4;

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
  private float[] bias;
  private boolean relu;
  private float[] shared = new float[0];
  private final AtomicInteger next = new AtomicInteger();
  private boolean chunked;
  private boolean packing;
  private boolean byColumns;
  private int step;
  private int slivers;
  int parts;

  /**
   * Prepares {@code C += op(A) op(B)} for {@code threads} threads; {@code constant} is B's kept
   * packed form or null, {@code bias} and {@code relu} {@link PackedGemm#gemm}'s epilogue. True
   * when B must first be packed ({@link #packB}), then {@link #run}.
   */
  boolean set(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      float[] b, int bOff, float[] c, int cOff, float[] constant, float[] bias, boolean relu,
      int threads) {
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
    this.bias = bias;
    this.relu = relu;
    int rows = (m + threads * CHUNKS_PER_THREAD - 1) / (threads * CHUNKS_PER_THREAD);
    int chunkRows = Math.min(MC, Math.max(2 * MR, (rows + MR - 1) / MR * MR));
    int chunks = (m + chunkRows - 1) / chunkRows;
    long packed = (long) k * PackedPanels.padded(n);
    chunked = chunks >= 2 * threads && (constant != null || packed <= SHARED_MAX);
    packing = chunked && constant == null;
    if (packing && shared.length < packed) {
      shared = new float[(int) packed];
    }
    panel = packing ? shared : constant;
    if (chunked) {
      next.set(0);
      step = chunkRows;
      parts = threads;
      slivers = (PackedPanels.padded(n) / NR + threads - 1) / threads;
      return packing;
    }
    int tilesN = (n + NR - 1) / NR;
    int tilesM = (m + MR - 1) / MR;
    byColumns = tilesN >= tilesM;
    int tiles = byColumns ? tilesN : tilesM;
    parts = Math.min(threads, tiles);
    step = (tiles + parts - 1) / parts * (byColumns ? NR : MR);
    parts = ((byColumns ? n : m) + step - 1) / step;
    return false;
  }

  /** The floats held for B's shared packed form (at most {@link #SHARED_MAX}). */
  int sharedFloats() {
    return shared.length;
  }

  /** Drops the array references so the pool does not keep them alive. */
  void clear() {
    a = null;
    b = null;
    c = null;
    panel = null;
    bias = null;
  }

  /** The packing job: part {@code p} packs its share of B's slivers, every row block. */
  final WorkerPool.Job packB = part -> {
    int j0 = Math.min(n, part * slivers * NR);
    int j1 = Math.min(n, j0 + slivers * NR);
    for (int pc = 0; pc < k && j0 < j1; pc += KC) {
      int kc = Math.min(KC, k - pc);
      Packing.packB(transB, b, bOff, k, n, pc, j0, kc, j1 - j0, panel,
          PackedPanels.offset(n, pc, j0, kc));
    }
  };

  @Override
  public void run(int part) {
    PackedGemm.Scratch s = PackedGemm.scratch();
    if (chunked) {
      for (int i0; (i0 = next.getAndIncrement() * step) < m; ) {
        PackedGemm.block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, i0,
            Math.min(m, i0 + step), 0, n, s, panel, bias, relu);
      }
      return;
    }
    int lo = part * step;
    if (byColumns) {
      PackedGemm.block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, lo,
          Math.min(n, lo + step), s, panel, bias, relu);
    } else {
      PackedGemm.block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, lo,
          Math.min(m, lo + step), 0, n, s, panel, bias, relu);
    }
  }
}
