package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Contract cases for batch and group normalization and dropout. */
final class NormKernelCases {
  private NormKernelCases() {}

  static void add(List<KernelCase> c) {
    int[][] shapes = {{4, 3, 5, 5}, {6, 4}, {2, 5, 300}, {3, 2, 17}, {2, 3, 0}};
    for (int[] s : shapes) {
      for (int v = 0; v < 3; v++) {
        int variant = v; // 0: affine, momentum 0.1; 1: no affine, cumulative; 2: no dx, no counter
        c.add(new KernelCase("batchNormStats batchNormUpdateStats batchNorm batchNormBackward "
            + Arrays.toString(s) + " variant " + v, e -> {
              int ch = s[1];
              Tensor x = e.uniform(-2f, 3f, s);
              Tensor mean = e.zeros(ch);
              Tensor var = e.zeros(ch);
              e.k.batchNormStats(x, mean, var);
              Tensor rm = e.rand(ch);
              Tensor rv = e.uniform(0.5f, 2f, ch);
              Tensor count = e.of(new float[] {3});
              int n = Math.max(2, x.numel() / ch);
              e.k.batchNormUpdateStats(mean, var, n, variant == 1 ? Float.NaN : 0.1f, rm, rv,
                  variant == 2 ? null : count);
              Tensor w = variant == 1 ? null : e.uniform(0.5f, 1.5f, ch);
              Tensor b = variant == 1 ? null : e.rand(ch);
              Tensor y = e.zeros(s);
              e.k.batchNorm(x, mean, var, 1e-5f, w, b, y);
              Tensor yEval = e.zeros(s);
              e.k.batchNorm(x, rm, rv, 1e-3f, w, b, yEval);
              Tensor dy = e.rand(s);
              Tensor dx = e.rand(s);
              Tensor dw = e.rand(ch);
              Tensor db = e.rand(ch);
              e.k.batchNormBackward(x, dy, mean, var, 1e-5f, w, true, variant == 2 ? null : dx,
                  dw, variant == 1 ? null : db);
              Tensor dxEval = e.rand(s);
              e.k.batchNormBackward(x, dy, rm, rv, 1e-3f, w, false, dxEval, null, null);
              return new Tensor[] {mean, var, rm, rv, count, y, yEval, dx, dw, db, dxEval};
            }));
      }
    }
    int[][] groups = {{3, 6, 4, 4, 2}, {2, 6, 5, 3}, {5, 4, 1}, {2, 8, 300, 4}, {2, 4, 3, 3, 4}};
    for (int[] g : groups) {
      int numGroups = g[g.length - 1];
      int[] s = Arrays.copyOf(g, g.length - 1);
      for (boolean affine : new boolean[] {true, false}) {
        c.add(new KernelCase("groupNorm groupNormBackward " + Arrays.toString(g) + " affine "
            + affine, e -> {
              int ch = s[1];
              Tensor x = e.uniform(-2f, 3f, s);
              Tensor w = affine ? e.uniform(0.5f, 1.5f, ch) : null;
              Tensor b = affine ? e.rand(ch) : null;
              Tensor y = e.zeros(s);
              Tensor mean = e.zeros(s[0], numGroups);
              Tensor invstd = e.zeros(s[0], numGroups);
              e.k.groupNorm(x, numGroups, 1e-5f, w, b, y, mean, invstd);
              Tensor dx = e.rand(s);
              Tensor dw = e.rand(ch);
              Tensor db = e.rand(ch);
              e.k.groupNormBackward(x, e.rand(s), numGroups, mean, invstd, w, dx,
                  affine ? dw : null, affine ? db : null);
              Tensor dw2 = e.rand(ch);
              e.k.groupNormBackward(x, e.rand(s), numGroups, mean, invstd, w, null, dw2, null);
              return new Tensor[] {y, mean, invstd, dx, dw, db, dw2};
            }));
      }
    }
    int[][][] drops = {{{1000}, {1000}}, {{4, 6, 5, 5}, {4, 6}}, {{7, 9}, {7, 9}}, {{0}, {0}}};
    long[] seeds = {0L, -3L, 0x123456789abcdefL};
    for (int[][] d : drops) {
      for (long seed : seeds) {
        for (float p : new float[] {0.3f, 0f, 1f}) {
          c.add(new KernelCase("dropoutMask dropout dropoutBackward " + Arrays.deepToString(d)
              + " seed " + seed + " p " + p, e -> {
                Tensor mask = e.rand(d[1]);
                e.k.dropoutMask(mask, seed, p, p == 1 ? 0f : 1f / (1f - p));
                Tensor y = e.rand(d[0]);
                e.k.dropout(e.rand(d[0]), mask, y);
                Tensor dx = e.rand(d[0]);
                e.k.dropoutBackward(e.rand(d[0]), mask, dx);
                return new Tensor[] {mask, y, dx};
              }));
        }
      }
    }
  }
}
