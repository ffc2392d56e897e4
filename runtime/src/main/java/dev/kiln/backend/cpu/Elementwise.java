package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.BinaryOp;
import dev.kiln.tensor.Tensor;

/** Broadcasting add, sub, mul and div, and their backward reduced over broadcast dimensions. */
final class Elementwise {
  private Elementwise() {}

  static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    float[] x = a(a);
    float[] y = a(b);
    float[] o = a(out);
    if (x.length == o.length && y.length == o.length) {
      for (int i = 0; i < o.length; i++) {
        o[i] = apply(op, x[i], y[i]);
      }
      return;
    }
    int[] ia = Broadcast.offsets(out.shape(), a.shape());
    int[] ib = Broadcast.offsets(out.shape(), b.shape());
    for (int i = 0; i < o.length; i++) {
      o[i] = apply(op, x[ia[i]], y[ib[i]]);
    }
  }

  static void binaryBackward(BinaryOp op, int which, Tensor a, Tensor b, Tensor dOut, Tensor dx) {
    float[] x = a(a);
    float[] y = a(b);
    float[] g = a(dOut);
    float[] d = a(dx);
    if (a.sameShape(dOut) && b.sameShape(dOut)) {
      // no broadcast: the same arithmetic without index arrays (nothing allocated)
      for (int i = 0; i < g.length; i++) {
        d[i] += switch (op) {
          case ADD -> g[i];
          case SUB -> which == 0 ? g[i] : -g[i];
          case MUL -> (which == 0 ? y[i] : x[i]) * g[i];
          case DIV -> which == 0 ? g[i] / y[i] : -g[i] * (x[i] / y[i] / y[i]);
        };
      }
      return;
    }
    int[] ia = Broadcast.offsets(dOut.shape(), a.shape());
    int[] ib = Broadcast.offsets(dOut.shape(), b.shape());
    int[] target = which == 0 ? ia : ib;
    for (int i = 0; i < g.length; i++) {
      d[target[i]] += switch (op) {
        case ADD -> g[i];
        case SUB -> which == 0 ? g[i] : -g[i];
        case MUL -> (which == 0 ? y[ib[i]] : x[ia[i]]) * g[i];
        // as PyTorch: grad / other, and -grad * ((self / other) / other)
        case DIV -> which == 0 ? g[i] / y[ib[i]] : -g[i] * (x[ia[i]] / y[ib[i]] / y[ib[i]]);
      };
    }
  }

  private static float apply(BinaryOp op, float x, float y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
    };
  }
}
