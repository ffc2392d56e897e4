package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Contract cases for products and reductions. */
final class MoreKernelCases {
  private MoreKernelCases() {}

  static void add(List<KernelCase> c) {
    int[][][] products = {{{37, 45}, {45, 29}}, {{1, 64}, {64, 1}}, {{2, 1, 5, 7}, {3, 7, 4}},
        {{70, 33}, {33, 65}}, {{4, 0}, {0, 3}}};
    for (int[][] s : products) {
      c.add(new KernelCase("matmul matmulBackward " + Arrays.deepToString(s), e -> {
        Tensor a = e.rand(s[0]);
        Tensor b = e.rand(s[1]);
        int[] outShape = dev.kiln.tensor.Shapes.broadcast(
            Arrays.copyOf(s[0], s[0].length - 2), Arrays.copyOf(s[1], s[1].length - 2));
        outShape = Arrays.copyOf(outShape, outShape.length + 2);
        outShape[outShape.length - 2] = s[0][s[0].length - 2];
        outShape[outShape.length - 1] = s[1][s[1].length - 1];
        Tensor out = e.rand(outShape);
        e.k.matmul(a, b, out);
        Tensor da = e.rand(s[0]);
        Tensor db = e.rand(s[1]);
        e.k.matmulBackward(a, b, e.rand(outShape), da, db);
        return new Tensor[] {out, da, db};
      }));
    }
    int[][] linear = {{8, 3, 16}, {64, 784, 128}, {1, 16, 1}, {2, 5, 3, 4}};
    for (int[] s : linear) {
      int in = s[s.length - 2];
      int out = s[s.length - 1];
      int[] xs = Arrays.copyOf(s, s.length - 1);
      int[] ys = xs.clone();
      ys[ys.length - 1] = out;
      for (boolean bias : new boolean[] {true, false}) {
        c.add(new KernelCase("linear linearBackward " + Arrays.toString(s) + " bias " + bias, e -> {
          Tensor x = e.rand(xs);
          Tensor w = e.rand(out, in);
          Tensor b = bias ? e.rand(out) : null;
          Tensor y = e.rand(ys);
          e.k.linear(x, w, b, y);
          Tensor dx = e.rand(xs);
          Tensor dw = e.rand(out, in);
          Tensor db = e.rand(out);
          e.k.linearBackward(x, w, e.rand(ys), bias ? dx : null, dw, bias ? db : null);
          return new Tensor[] {y, dx, dw, db};
        }));
        c.add(new KernelCase("linearRelu " + Arrays.toString(s) + " bias " + bias, e -> {
          Tensor x = e.rand(xs);
          Tensor y = e.rand(ys);
          e.k.linearRelu(x, e.rand(out, in), bias ? e.rand(out) : null, y);
          return new Tensor[] {y};
        }));
      }
    }
    for (int n : new int[] {1, 300, 10_000}) {
      c.add(new KernelCase("sum sumBackward " + n, e -> {
        Tensor out = e.zeros();
        e.k.sum(e.rand(n), out);
        Tensor dx = e.rand(n);
        e.k.sumBackward(e.rand(), 0.5f, dx);
        return new Tensor[] {out, dx};
      }));
    }
    int[][] dims = {{4, 5, 6, 0}, {4, 5, 6, 1}, {4, 5, 6, 2}, {7, 0}, {0}};
    for (int[] s : dims) {
      int dim = s[s.length - 1];
      int[] shape = Arrays.copyOf(s, s.length - 1);
      c.add(new KernelCase("sumDim sumDimBackward argmax " + Arrays.toString(s), e -> {
        int[] reduced = shape.length == 0 ? shape : dev.kiln.tensor.Shapes.removeDim(shape, dim);
        Tensor x = e.rand(shape);
        Tensor sum = e.zeros(reduced);
        e.k.sumDim(x, dim, sum);
        Tensor dx = e.rand(shape);
        e.k.sumDimBackward(e.rand(reduced), dim, 0.25f, dx);
        Tensor arg = e.zeros(reduced);
        e.k.argmax(x, dim, arg);
        return new Tensor[] {sum, dx, arg};
      }));
    }
    c.add(new KernelCase("argmax ties and NaN", e -> {
      Tensor x = e.of(new float[] {1, 3, 3, 0, 2, Float.NaN, 5, Float.NaN, 0}, 3, 3);
      Tensor out = e.zeros(3);
      e.k.argmax(x, 1, out);
      return new Tensor[] {out};
    }));
  }
}
