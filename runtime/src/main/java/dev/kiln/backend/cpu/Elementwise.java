package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.BinaryOp;
import dev.kiln.tensor.Tensor;

/** Broadcasting add, sub and mul, and their backward reduced over broadcast dimensions. */
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
    int[] ia = Broadcast.offsets(dOut.shape(), a.shape());
    int[] ib = Broadcast.offsets(dOut.shape(), b.shape());
    int[] target = which == 0 ? ia : ib;
    for (int i = 0; i < g.length; i++) {
      float local = switch (op) {
        case ADD -> 1f;
        case SUB -> which == 0 ? 1f : -1f;
        case MUL -> which == 0 ? y[ib[i]] : x[ia[i]];
      };
      d[target[i]] += local * g[i];
    }
  }

  private static float apply(BinaryOp op, float x, float y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
    };
  }
}
