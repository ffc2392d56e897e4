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
  }
}
