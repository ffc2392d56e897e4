package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * PReLU: a LeakyReLU per channel. With {@code c} weights (c > 1) {@code x} is viewed as
 * {@code (outer, c, inner)}, channel along dimension 1; with one weight as one block. Each
 * {@code (outer, channel)} block is a contiguous LeakyReLU run with that channel's slope; the
 * weight gradient sums its blocks in order (in double), so it does not depend on threads.
 */
final class PreluKernel {
  private PreluKernel() {}

  static void forward(Tensor x, Tensor weight, Tensor y) {
    float[] xs = a(x);
    float[] w = a(weight);
    float[] ys = a(y);
    int c = w.length;
    int inner = inner(x, c);
    for (int b = 0, from = 0; from < xs.length; b++, from += inner) {
      SmoothActivations.leakyRelu(xs, w[b % c], ys, from, from + inner);
    }
  }

  static void backward(Tensor x, Tensor weight, Tensor dy, Tensor dx, Tensor dWeight) {
    float[] xs = a(x);
    float[] w = a(weight);
    float[] g = a(dy);
    int c = w.length;
    int inner = inner(x, c);
    if (dx != null) {
      float[] d = a(dx);
      for (int b = 0, from = 0; from < xs.length; b++, from += inner) {
        SmoothActivations.leakyReluBackward(xs, w[b % c], g, d, from, from + inner);
      }
    }
    if (dWeight != null) {
      float[] dw = a(dWeight);
      int blocks = xs.length / inner;
      for (int ch = 0; ch < c; ch++) {
        double s = 0;
        for (int b = ch; b < blocks; b += c) {
          s += SmoothActivations.preluWeightGrad(xs, g, b * inner, (b + 1) * inner);
        }
        dw[ch] += (float) s;
      }
    }
  }

  /** The elements per block: everything for one weight, else the sizes after dimension 1. */
  private static int inner(Tensor x, int c) {
    if (c == 1) {
      return Math.max(x.numel(), 1);
    }
    int inner = 1;
    for (int d = 2; d < x.dim(); d++) {
      inner *= x.size(d);
    }
    return Math.max(inner, 1);
  }
}
