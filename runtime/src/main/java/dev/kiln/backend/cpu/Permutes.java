package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * {@code y = x.permute(perm)} and its backward. A transpose of the last two dimensions runs in
 * square tiles (both arrays are then read and written a cache line at a time); any other
 * permutation walks {@code y} in rows: the trailing dimensions that stay in place form one
 * contiguous block per row (a bulk copy), otherwise a row is {@code y}'s last dimension read with
 * {@code x}'s stride. Nothing is allocated.
 */
final class Permutes {
  private static final int TILE = 32;

  private Permutes() {}

  /** {@code y = x.permute(perm)}, or with {@code backward} {@code x += y} permuted back. */
  static void run(Tensor x, int[] perm, Tensor y, boolean backward) {
    float[] xs = a(x);
    float[] ys = a(y);
    int r = x.dim();
    int n = x.numel();
    if (n == 0) {
      return;
    }
    int kept = 0; // trailing dimensions that stay in place
    while (kept < r && perm[r - 1 - kept] == r - 1 - kept) {
      kept++;
    }
    if (kept == r) {
      rows(xs, 0, 1, ys, 0, n, backward);
      return;
    }
    if (kept == 0 && r >= 2 && perm[r - 1] == r - 2 && perm[r - 2] == r - 1
        && leadingInPlace(perm, r - 2)) {
      transposeLastTwo(xs, ys, n / (x.size(r - 2) * x.size(r - 1)), x.size(r - 2),
          x.size(r - 1), backward);
      return;
    }
    int len = 1;
    for (int d = r - kept; d < r; d++) {
      len *= x.size(d);
    }
    int rowDims = kept > 0 ? r - kept : r - 1; // y's dimensions that index rows
    int stride = kept > 0 ? 1 : xStride(x, perm[r - 1]);
    if (kept == 0) {
      len = y.size(r - 1);
    }
    walk(xs, x, perm, ys, y, 0, rowDims, 0, 0, stride, len, backward);
  }

  /** Loops over y's dimension {@code level} (recursively; no index arrays), rows innermost. */
  private static void walk(float[] xs, Tensor x, int[] perm, float[] ys, Tensor y, int level,
      int rowDims, int xOff, int yOff, int stride, int len, boolean backward) {
    if (level == rowDims) {
      rows(xs, xOff, stride, ys, yOff, len, backward);
      return;
    }
    int xs1 = xStride(x, perm[level]);
    int ys1 = 1;
    for (int d = level + 1; d < y.dim(); d++) {
      ys1 *= y.size(d);
    }
    for (int c = 0, size = y.size(level); c < size; c++) {
      walk(xs, x, perm, ys, y, level + 1, rowDims, xOff + c * xs1, yOff + c * ys1, stride, len,
          backward);
    }
  }

  private static boolean leadingInPlace(int[] perm, int count) {
    for (int d = 0; d < count; d++) {
      if (perm[d] != d) {
        return false;
      }
    }
    return true;
  }

  private static int xStride(Tensor x, int d) {
    int s = 1;
    for (int k = d + 1; k < x.dim(); k++) {
      s *= x.size(k);
    }
    return s;
  }

  /** {@code y[yOff + i] = x[xOff + i * stride]} for {@code i < len}, or the reverse add. */
  private static void rows(float[] x, int xOff, int stride, float[] y, int yOff, int len,
      boolean backward) {
    if (stride == 1) {
      if (backward) {
        Runs.add(y, yOff, x, xOff, len);
      } else {
        System.arraycopy(x, xOff, y, yOff, len);
      }
    } else if (backward) {
      for (int i = 0; i < len; i++) {
        x[xOff + i * stride] += y[yOff + i];
      }
    } else {
      for (int i = 0; i < len; i++) {
        y[yOff + i] = x[xOff + i * stride];
      }
    }
  }

  /** {@code y[b, c, r] = x[b, r, c]} for {@code x (batch, rows, cols)}, in tiles. */
  private static void transposeLastTwo(float[] x, float[] y, int batch, int rows, int cols,
      boolean backward) {
    int plane = rows * cols;
    for (int b = 0; b < batch; b++) {
      int base = b * plane;
      for (int r0 = 0; r0 < rows; r0 += TILE) {
        int r1 = Math.min(rows, r0 + TILE);
        for (int c0 = 0; c0 < cols; c0 += TILE) {
          int c1 = Math.min(cols, c0 + TILE);
          if (backward) {
            for (int r = r0; r < r1; r++) {
              int xi = base + r * cols;
              for (int c = c0; c < c1; c++) {
                x[xi + c] += y[base + c * rows + r];
              }
            }
          } else {
            for (int c = c0; c < c1; c++) {
              int yi = base + c * rows;
              for (int r = r0; r < r1; r++) {
                y[yi + r] = x[base + r * cols + c];
              }
            }
          }
        }
      }
    }
  }
}
