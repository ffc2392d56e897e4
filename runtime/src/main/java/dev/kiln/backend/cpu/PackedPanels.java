package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.MicroKernel.NR;
import static dev.kiln.backend.cpu.PackedGemm.KC;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Packed forms of B operands that callers expect to stay constant (a layer's weights during
 * inference), so that repeated products skip packing them. A panel is keyed by its array and is
 * checked against a copy of the elements it was packed from before every use: a weight changed by
 * any means (an optimizer step, a load, a write through its backing array) is packed again, so
 * reuse never changes a result. Panels hold all of B, {@code KC}-row blocks one after another,
 * each block's slivers as {@link Packing#packB} lays them out. At most {@link #MAX_FLOATS} floats
 * (packed forms and copies) are held; a collected array's panel goes with it. A changed B gets a
 * new panel, so a thread still multiplying with the old one reads consistent values.
 */
final class PackedPanels {
  static final long MAX_FLOATS = 1L << 24;
  private static final Map<float[], Panel> PANELS = new WeakHashMap<>();

  private PackedPanels() {}

  /** Where the sliver for columns {@code jc..} of the block of rows {@code pc..} starts. */
  static int offset(int n, int pc, int jc, int kc) {
    return pc * padded(n) + jc * kc;
  }

  /**
   * The packed form of {@code op(B)} ({@code k x n}, stored {@code n x k} when {@code trans}),
   * packed again if B changed since; null when it would not fit in the cap (pack as usual).
   */
  static synchronized float[] get(boolean trans, float[] b, int bOff, int k, int n) {
    int len = k * n;
    Panel p = PANELS.get(b);
    if (p != null && p.trans == trans && p.bOff == bOff && p.k == k && p.n == n
        && Arrays.equals(p.source, 0, len, b, bOff, bOff + len)) {
      return p.packed;
    }
    // a new panel, never the old one packed again: another thread may still be reading it
    long size = len + (long) k * padded(n);
    if (held() - (p == null ? 0 : p.size()) + size > MAX_FLOATS) {
      return null;
    }
    p = new Panel(trans, bOff, k, n);
    PANELS.put(b, p);
    System.arraycopy(b, bOff, p.source, 0, len);
    for (int pc = 0; pc < k; pc += KC) {
      Packing.packB(trans, b, bOff, k, n, pc, 0, Math.min(KC, k - pc), n, p.packed,
          offset(n, pc, 0, 0));
    }
    return p.packed;
  }

  /** Packs all of {@code op(B)} into {@code dest} (at least {@code k * padded(n)} floats). */
  static void pack(boolean trans, float[] b, int bOff, int k, int n, float[] dest) {
    for (int pc = 0; pc < k; pc += KC) {
      Packing.packB(trans, b, bOff, k, n, pc, 0, Math.min(KC, k - pc), n, dest,
          offset(n, pc, 0, 0));
    }
  }

  private static long held() {
    long sum = 0;
    for (Panel p : PANELS.values()) {
      sum += p.size();
    }
    return sum;
  }

  /** {@code n} rounded up to whole slivers. */
  static int padded(int n) {
    return (n + NR - 1) / NR * NR;
  }

  private static final class Panel {
    final boolean trans;
    final int bOff;
    final int k;
    final int n;
    final float[] source;
    final float[] packed;

    Panel(boolean trans, int bOff, int k, int n) {
      this.trans = trans;
      this.bOff = bOff;
      this.k = k;
      this.n = n;
      this.source = new float[k * n];
      this.packed = new float[k * padded(n)];
    }

    long size() {
      return (long) source.length + packed.length;
    }
  }
}
