package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Contract cases for the sequence kernels: layer and RMS normalization, embedding. */
final class SequenceKernelCases {
  private SequenceKernelCases() {}

  static void add(List<KernelCase> c) {
    // {shape..., d}: rows of d elements; 300 > REDUCE_ITEMS; 0 rows
    int[][] rowShapes = {{4, 5, 16}, {6, 37, 37}, {3, 300, 300}, {2, 3, 4, 12}, {0, 8, 8},
        {130, 7, 7}};
    for (int[] g : rowShapes) {
      int d = g[g.length - 1];
      int[] s = Arrays.copyOf(g, g.length - 1);
      int rows = d == 0 ? 0 : dev.kiln.tensor.Shapes.numel(s) / d;
      for (boolean affine : new boolean[] {true, false}) {
        c.add(new KernelCase("layerNorm layerNormBackward " + Arrays.toString(g) + " affine "
            + affine, e -> {
              Tensor x = e.uniform(-2f, 3f, s);
              Tensor w = affine ? e.uniform(0.5f, 1.5f, d) : null;
              Tensor b = affine ? e.rand(d) : null;
              Tensor y = e.zeros(s);
              Tensor mean = e.zeros(rows);
              Tensor rstd = e.zeros(rows);
              e.k.layerNorm(x, d, 1e-5f, w, b, y, mean, rstd);
              Tensor dx = e.rand(s);
              Tensor dw = e.rand(d);
              Tensor db = e.rand(d);
              e.k.layerNormBackward(x, e.rand(s), d, mean, rstd, w, dx, affine ? dw : null,
                  affine ? db : null);
              Tensor dw2 = e.rand(d);
              e.k.layerNormBackward(x, e.rand(s), d, mean, rstd, w, null, dw2, null);
              return new Tensor[] {y, mean, rstd, dx, dw, db, dw2};
            }));
        c.add(new KernelCase("rmsNorm rmsNormBackward " + Arrays.toString(g) + " affine "
            + affine, e -> {
              Tensor x = e.uniform(-2f, 3f, s);
              Tensor w = affine ? e.uniform(0.5f, 1.5f, d) : null;
              Tensor y = e.zeros(s);
              Tensor rstd = e.zeros(rows);
              e.k.rmsNorm(x, d, 1.1920929e-07f, w, y, rstd);
              Tensor dx = e.rand(s);
              Tensor dw = e.rand(d);
              e.k.rmsNormBackward(x, e.rand(s), d, rstd, w, dx, affine ? dw : null);
              Tensor dw2 = e.rand(d);
              e.k.rmsNormBackward(x, e.rand(s), d, rstd, w, null, dw2);
              return new Tensor[] {y, rstd, dx, dw, dw2};
            }));
      }
    }
    // {V, d, index shape...}; repeated indices; padding row; 0 indices
    int[][] tables = {{10, 6, 3, 4}, {50, 33, 64}, {7, 300, 2, 5}, {5, 4, 0}};
    for (int[] t : tables) {
      int[] idxShape = Arrays.copyOfRange(t, 2, t.length);
      for (int pad : new int[] {-1, 2}) {
        c.add(new KernelCase("embedding embeddingBackward " + Arrays.toString(t) + " padding "
            + pad, e -> {
              Tensor idx = e.classes(t[0], idxShape);
              Tensor w = e.rand(t[0], t[1]);
              int n = idx.numel();
              Tensor y = e.zeros(n, t[1]);
              e.k.embedding(idx, w, y);
              Tensor dw = e.rand(t[0], t[1]);
              e.k.embeddingBackward(idx, e.rand(n, t[1]), pad, dw);
              return new Tensor[] {y, dw};
            }));
      }
    }
    // {outer, T, inner, d, maxLen}: batch-first, sequence-first, unbatched, empty
    int[][] positional = {{3, 7, 1, 16, 10}, {1, 5, 4, 6, 5}, {1, 9, 1, 33, 12}, {2, 0, 1, 8, 4}};
    for (int[] p : positional) {
      c.add(new KernelCase("addPositional " + Arrays.toString(p), e -> {
        int[] s = p[2] == 1 ? new int[] {p[0], p[1], p[3]} : new int[] {p[1], p[2], p[3]};
        Tensor table = e.rand(p[4], 1, p[3]);
        Tensor y = e.rand(s);
        e.k.addPositional(e.rand(s), table, p[1], p[2], y);
        return new Tensor[] {y};
      }));
    }
  }
}
