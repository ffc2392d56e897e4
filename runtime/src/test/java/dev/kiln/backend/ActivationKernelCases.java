package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Contract cases for the activations of issue 16: sizes around the vector width (tails), inputs
 * across the ranges where the formulas switch branches, PReLU with one and per-channel weights,
 * softmax along every dimension (rows, strided lanes with and without vector-wide blocks) and
 * with logits shifted by 1e4.
 */
final class ActivationKernelCases {
  private ActivationKernelCases() {}

  static void add(List<KernelCase> c) {
    for (int n : new int[] {1, 7, 8, 37, 1000}) {
      c.add(new KernelCase("leakyRelu leakyReluBackward " + n, e -> {
        Tensor x = e.uniform(-3, 3, n);
        Tensor y = e.rand(n);
        e.k.leakyRelu(x, 0.01f, y);
        Tensor y2 = e.rand(n);
        e.k.leakyRelu(x, -0.5f, y2);
        Tensor dx = e.rand(n);
        e.k.leakyReluBackward(x, 0.2f, e.rand(n), dx);
        e.k.leakyReluBackward(x, 0.2f, e.rand(n), null);
        return new Tensor[] {y, y2, dx};
      }));
      c.add(new KernelCase("elu eluBackward " + n, e -> {
        Tensor x = e.uniform(-8, 3, n);
        Tensor y = e.rand(n);
        e.k.elu(x, 1.5f, y);
        Tensor dx = e.rand(n);
        e.k.eluBackward(x, 1.5f, e.rand(n), dx);
        return new Tensor[] {y, dx};
      }));
      for (boolean tanh : new boolean[] {false, true}) {
        c.add(new KernelCase("gelu geluBackward " + n + (tanh ? " tanh" : ""), e -> {
          Tensor x = e.uniform(-7, 7, n);
          Tensor y = e.rand(n);
          e.k.gelu(x, tanh, y);
          Tensor dx = e.rand(n);
          e.k.geluBackward(x, tanh, e.rand(n), dx);
          return new Tensor[] {y, dx};
        }));
      }
      c.add(new KernelCase("silu siluBackward " + n, e -> {
        Tensor x = e.uniform(-20, 20, n);
        Tensor y = e.rand(n);
        e.k.silu(x, y);
        Tensor dx = e.rand(n);
        e.k.siluBackward(x, e.rand(n), dx);
        return new Tensor[] {y, dx};
      }));
    }
    int[][] prelu = {{5, 1}, {2, 3, 4, 1}, {2, 3, 4, 3}, {4, 3, 3}, {2, 16, 5, 5, 16}, {3, 2, 9, 2}};
    for (int[] s : prelu) {
      int[] shape = Arrays.copyOf(s, s.length - 1);
      int w = s[s.length - 1];
      c.add(new KernelCase("prelu preluBackward " + Arrays.toString(shape) + " weights " + w, e -> {
        Tensor x = e.uniform(-2, 2, shape);
        Tensor weight = e.rand(w);
        Tensor y = e.rand(shape);
        e.k.prelu(x, weight, y);
        Tensor dx = e.rand(shape);
        Tensor dw = e.rand(w);
        e.k.preluBackward(x, weight, e.rand(shape), dx, dw);
        Tensor dw2 = e.rand(w);
        e.k.preluBackward(x, weight, e.rand(shape), null, dw2);
        return new Tensor[] {y, dx, dw, dw2};
      }));
    }
    int[][] softmax = {{4, 10, 1}, {4, 10, 0}, {4, 10, -1}, {2, 3, 19, 0}, {2, 3, 19, 1},
        {2, 3, 19, 2}, {3, 5, 16, 1}, {2, 7, 21, 1}, {1000, 0}, {0}, {3, 0, 1}};
    for (int[] s : softmax) {
      int[] shape = Arrays.copyOf(s, s.length - 1);
      int dim = Math.floorMod(s[s.length - 1], Math.max(shape.length, 1));
      for (boolean log : new boolean[] {false, true}) {
        for (float shift : new float[] {0f, 1e4f}) {
          c.add(new KernelCase("softmax softmaxBackward " + Arrays.toString(shape) + " dim "
              + dim + (log ? " log" : "") + (shift != 0 ? " shifted" : ""), e -> {
                Tensor x = e.uniform(-5 + shift, 5 + shift, shape);
                Tensor y = e.rand(shape);
                e.k.softmax(x, dim, log, y);
                Tensor dx = e.rand(shape);
                e.k.softmaxBackward(y, dim, log, e.rand(shape), dx);
                e.k.softmaxBackward(y, dim, log, e.rand(shape), null);
                return new Tensor[] {y, dx};
              }));
        }
      }
    }
  }
}
