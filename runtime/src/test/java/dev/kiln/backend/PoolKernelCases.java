package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Contract cases for the pooling family: windows with padding, dilation, ceil-mode sizes and
 * ties; resampling up and down; shuffles and crops; one large shape per kernel that the CPU
 * splits between threads.
 */
final class PoolKernelCases {
  private PoolKernelCases() {}

  /** PyTorch's pooling output size. */
  private static int out(int in, int k, int s, int p, int d, boolean ceil) {
    int span = in + 2 * p - d * (k - 1) - 1;
    int o = Math.floorDiv(span + (ceil ? s - 1 : 0), s) + 1;
    return ceil && (o - 1) * s >= in + p ? o - 1 : o;
  }

  private static int[] with(int[] shape, int h, int w) {
    int[] o = shape.clone();
    o[o.length - 2] = h;
    o[o.length - 1] = w;
    return o;
  }

  static void add(List<KernelCase> c) {
    Object[][] windows = {
        {new int[] {2, 3, 8, 7}, new Window2d(2, 2, 2, 2, 0, 0), false},
        {new int[] {2, 2, 9, 8}, new Window2d(3, 3, 2, 2, 1, 1), false},
        {new int[] {1, 2, 7, 6}, new Window2d(2, 2, 1, 1, 0, 0, 2, 2), false},
        {new int[] {1, 2, 8, 8}, new Window2d(3, 3, 2, 2, 0, 0), true},
        {new int[] {1, 2, 5, 6}, new Window2d(2, 2, 2, 2, 1, 1), true},
        {new int[] {2, 6, 7}, new Window2d(2, 3, 1, 2, 1, 1, 1, 2), false},
        {new int[] {4, 16, 40, 40}, new Window2d(2, 2, 2, 2, 0, 0), false},
        {new int[] {4, 16, 33, 31}, new Window2d(3, 3, 2, 2, 1, 1), true}};
    for (Object[] v : windows) {
      int[] xs = (int[]) v[0];
      Window2d w = (Window2d) v[1];
      boolean ceil = (Boolean) v[2];
      int h = xs[xs.length - 2];
      int wd = xs[xs.length - 1];
      int[] ys = with(xs, out(h, w.kernelH(), w.strideH(), w.padH(), w.dilationH(), ceil),
          out(wd, w.kernelW(), w.strideW(), w.padW(), w.dilationW(), ceil));
      String name = Arrays.toString(xs) + " " + w + " ceil " + ceil;
      for (boolean ties : new boolean[] {false, true}) {
        c.add(new KernelCase("maxPool2d maxPool2dBackward " + name + (ties ? " ties" : ""), e -> {
          Tensor x = ties ? e.classes(3, xs) : e.rand(xs);
          Tensor y = e.rand(ys);
          Tensor idx = e.rand(ys);
          e.k.maxPool2d(x, w, y, idx);
          Tensor dx = e.rand(xs);
          e.k.maxPool2dBackward(idx, w, e.rand(ys), dx);
          return new Tensor[] {y, idx, dx};
        }));
      }
      if (w.dilationH() == 1 && w.dilationW() == 1) {
        for (boolean include : new boolean[] {true, false}) {
          c.add(new KernelCase("avgPool2d avgPool2dBackward " + name + " include " + include,
              e -> {
                Tensor y = e.rand(ys);
                e.k.avgPool2d(e.rand(xs), w, include, y);
                Tensor dx = e.rand(xs);
                e.k.avgPool2dBackward(e.rand(ys), w, include, dx);
                return new Tensor[] {y, dx};
              }));
        }
      }
    }
    c.add(new KernelCase("maxPool2d NaN", e -> {
      float n = Float.NaN;
      Tensor x = e.of(new float[] {1, n, 3, n, 2, 5, 0, 1, 7, n, n, 1, 1, 1, 1, 1}, 1, 1, 4, 4);
      Tensor y = e.zeros(1, 1, 2, 2);
      Tensor idx = e.zeros(1, 1, 2, 2);
      e.k.maxPool2d(x, new Window2d(2, 2, 2, 2, 0, 0), y, idx);
      return new Tensor[] {y, idx};
    }));
    int[][] resample = {{2, 3, 7, 8, 3, 3}, {2, 3, 5, 5, 1, 1}, {1, 2, 5, 6, 7, 4},
        {3, 5, 7, 2, 3}, {2, 2, 3, 4, 6, 8}, {1, 2, 3, 2, 9, 6}, {1, 2, 4, 3, 8, 9},
        {1, 1, 1, 3, 3, 6}, {4, 16, 32, 32, 64, 64}, {4, 16, 40, 40, 7, 7}};
    for (int[] r : resample) {
      int[] xs = Arrays.copyOf(r, r.length - 2);
      int[] ys = with(xs, r[r.length - 2], r[r.length - 1]);
      String name = Arrays.toString(xs) + " to " + Arrays.toString(ys);
      c.add(new KernelCase("adaptiveAvgPool2d adaptiveAvgPool2dBackward " + name, e -> {
        Tensor y = e.rand(ys);
        e.k.adaptiveAvgPool2d(e.rand(xs), y);
        Tensor dx = e.rand(xs);
        e.k.adaptiveAvgPool2dBackward(e.rand(ys), dx);
        return new Tensor[] {y, dx};
      }));
      if (ys[ys.length - 1] % xs[xs.length - 1] != 0 || ys[ys.length - 2] % xs[xs.length - 2] != 0
          || xs.length != 4) {
        continue;
      }
      c.add(new KernelCase("upsampleNearest2d upsampleNearest2dBackward " + name, e -> {
        Tensor y = e.rand(ys);
        e.k.upsampleNearest2d(e.rand(xs), y);
        Tensor dx = e.rand(xs);
        e.k.upsampleNearest2dBackward(e.rand(ys), dx);
        return new Tensor[] {y, dx};
      }));
      for (boolean align : new boolean[] {false, true}) {
        c.add(new KernelCase("upsampleBilinear2d upsampleBilinear2dBackward " + name
            + " align " + align, e -> {
              Tensor y = e.rand(ys);
              e.k.upsampleBilinear2d(e.rand(xs), align, y);
              Tensor dx = e.rand(xs);
              e.k.upsampleBilinear2dBackward(e.rand(ys), align, dx);
              return new Tensor[] {y, dx};
            }));
      }
    }
    int[][] shuffles = {{2, 8, 3, 4, 2}, {18, 2, 3, 3}, {4, 64, 16, 16, 2}};
    for (int[] s : shuffles) {
      int r = s[s.length - 1];
      int[] xs = Arrays.copyOf(s, s.length - 1);
      int[] ys = with(xs, xs[xs.length - 2] * r, xs[xs.length - 1] * r);
      ys[ys.length - 3] /= r * r;
      c.add(new KernelCase("pixelShuffle pixelShuffleBackward " + Arrays.toString(s), e -> {
        Tensor y = e.rand(ys);
        e.k.pixelShuffle(e.rand(xs), r, y);
        Tensor dx = e.rand(xs);
        e.k.pixelShuffleBackward(e.rand(ys), r, dx);
        return new Tensor[] {y, dx};
      }));
    }
    int[][] pads = {{2, 2, 3, 4, 1, 1, 1, 1}, {2, 2, 3, 4, 1, 2, 0, 3}, {2, 3, 4, 5, -1, 2, 1, -2},
        {3, 4, 2, 2, 2, 2}, {4, 16, 32, 32, 3, -2, 1, 0}, {1, 1, 3, 3, -3, 0, 0, 0}};
    for (int[] s : pads) {
      int[] xs = Arrays.copyOf(s, s.length - 4);
      int left = s[s.length - 4];
      int right = s[s.length - 3];
      int top = s[s.length - 2];
      int bottom = s[s.length - 1];
      int[] ys = with(xs, xs[xs.length - 2] + top + bottom, xs[xs.length - 1] + left + right);
      c.add(new KernelCase("pad2d pad2dBackward " + Arrays.toString(s), e -> {
        Tensor y = e.rand(ys);
        e.k.pad2d(e.rand(xs), left, top, y);
        Tensor dx = e.rand(xs);
        e.k.pad2dBackward(e.rand(ys), left, top, dx);
        return new Tensor[] {y, dx};
      }));
    }
  }
}
