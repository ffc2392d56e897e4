package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Contract cases for the tensor ops of issue 17: permutations (the tiled last-two transpose with
 * sizes off the tile, trailing blocks kept in place, strided rows, a 0-d and an empty tensor),
 * slices along every dimension copied and accumulated, masks broadcast from several shapes, and
 * the scalar affine map. Backward kernels add into nonzero gradients, so accumulation is checked.
 */
final class TensorOpKernelCases {
  private TensorOpKernelCases() {}

  static void add(List<KernelCase> c) {
    int[][][] perms = {
        {{2, 3, 37, 45}, {0, 1, 3, 2}}, {{70, 33}, {1, 0}}, {{2, 5, 3, 4}, {0, 2, 1, 3}},
        {{2, 5, 3, 4}, {3, 1, 0, 2}}, {{4, 6, 5}, {2, 0, 1}}, {{3, 4}, {0, 1}}, {{}, {}},
        {{2, 0, 3}, {2, 1, 0}}, {{1, 2, 3, 4, 5}, {4, 3, 2, 1, 0}}};
    for (int[][] s : perms) {
      int[] shape = s[0];
      int[] perm = s[1];
      int[] out = new int[shape.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = shape[perm[i]];
      }
      c.add(new KernelCase("permute permuteBackward " + Arrays.deepToString(s), e -> {
        Tensor y = e.rand(out);
        e.k.permute(e.rand(shape), perm, y);
        Tensor dx = e.rand(shape);
        e.k.permuteBackward(e.rand(out), perm, dx);
        e.k.permuteBackward(e.rand(out), perm, null);
        return new Tensor[] {y, dx};
      }));
    }
    // {src shape, dim, srcStart, dst size along dim, dstStart, length}
    int[][][] slices = {
        {{4, 5, 6}, {0, 1, 7, 3, 2}}, {{4, 5, 6}, {1, 2, 2, 0, 2}}, {{4, 5, 6}, {2, 0, 9, 4, 5}},
        {{4, 5, 6}, {1, 3, 1, 0, 1}}, {{7}, {0, 2, 3, 0, 3}}, {{3, 1000}, {1, 10, 990, 0, 990}},
        {{2, 3}, {0, 0, 2, 0, 0}}};
    for (int[][] s : slices) {
      int[] src = s[0];
      int dim = s[1][0];
      int srcStart = s[1][1];
      int[] dst = src.clone();
      dst[dim] = s[1][2];
      int dstStart = s[1][3];
      int length = s[1][4];
      c.add(new KernelCase("sliceCopy " + Arrays.deepToString(s), e -> {
        Tensor x = e.rand(src);
        Tensor copied = e.rand(dst);
        e.k.sliceCopy(x, srcStart, copied, dstStart, dim, length, false);
        Tensor added = e.rand(dst);
        e.k.sliceCopy(x, srcStart, added, dstStart, dim, length, true);
        return new Tensor[] {copied, added};
      }));
    }
    c.add(new KernelCase("sliceCopy select (2, 3, 4) dim 1 into (2, 4)", e -> {
      Tensor x = e.rand(2, 3, 4);
      Tensor row = e.rand(2, 4);
      e.k.sliceCopy(x, 2, row, 0, 1, 1, false);
      Tensor dx = e.rand(2, 3, 4);
      e.k.sliceCopy(e.rand(2, 4), 0, dx, 1, 1, 1, true);
      return new Tensor[] {row, dx};
    }));
    int[][][] masks = {{{2, 3, 4, 5}, {4, 5}}, {{2, 3, 4, 5}, {2, 1, 1, 5}},
        {{2, 3, 4, 5}, {2, 3, 4, 1}}, {{2, 3, 4, 5}, {2, 3, 4, 5}}, {{6, 7}, {}}, {{6, 7}, {1}},
        {{3, 1, 37}, {5, 1}}, {{0, 4}, {4}}};
    for (int[][] s : masks) {
      int[] shape = s[0];
      int[] outShape = dev.kiln.tensor.Shapes.broadcast(shape, s[1]);
      if (!Arrays.equals(outShape, shape)) {
        continue; // the mask must broadcast to x
      }
      c.add(new KernelCase("maskedFill maskedFillBackward " + Arrays.deepToString(s), e -> {
        Tensor mask = e.classes(2, s[1]);
        Tensor x = e.rand(shape);
        Tensor y = e.rand(shape);
        e.k.maskedFill(x, mask, Float.NEGATIVE_INFINITY, y);
        Tensor inPlace = e.rand(shape);
        e.k.maskedFill(inPlace, mask, -1e9f, inPlace);
        Tensor dx = e.rand(shape);
        e.k.maskedFillBackward(mask, e.rand(shape), dx);
        e.k.maskedFillBackward(mask, e.rand(shape), null);
        return new Tensor[] {y, inPlace, dx};
      }));
    }
    c.add(new KernelCase("maskedFill NaN in the mask fills", e -> {
      Tensor mask = e.of(new float[] {0, Float.NaN, 1, -0f}, 4);
      Tensor y = e.zeros(4);
      e.k.maskedFill(e.of(new float[] {1, 2, 3, 4}, 4), mask, 7f, y);
      return new Tensor[] {y};
    }));
    for (int n : new int[] {1, 7, 8, 37, 1000}) {
      c.add(new KernelCase("scale scaleBackward " + n, e -> {
        Tensor x = e.uniform(-3, 3, n);
        Tensor y = e.rand(n);
        e.k.scale(x, 0.125f, -2f, y);
        e.k.scale(x, 3f, 0f, x);
        Tensor dx = e.rand(n);
        e.k.scaleBackward(e.rand(n), -0.5f, dx);
        e.k.scaleBackward(e.rand(n), 2f, null);
        return new Tensor[] {y, x, dx};
      }));
    }
  }
}
