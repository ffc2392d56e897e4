package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The contract cases: every {@link Kernels} method, on shapes that cross tiles and broadcast. */
final class KernelCases {
  private KernelCases() {}

  static List<KernelCase> all() {
    List<KernelCase> c = new ArrayList<>();
    c.add(new KernelCase("fill", e -> {
      Tensor t = e.rand(5, 7);
      e.k.fill(t, 0.25f);
      return new Tensor[] {t};
    }));
    c.add(new KernelCase("copy", e -> {
      Tensor s = e.rand(3, 4);
      Tensor d = e.zeros(12);
      e.k.copy(s, d);
      return new Tensor[] {d};
    }));
    c.add(new KernelCase("accumulate", e -> {
      Tensor d = e.rand(130);
      e.k.accumulate(e.rand(130), d);
      return new Tensor[] {d};
    }));
    for (int variant = 0; variant < 5; variant++) {
      int v = variant;
      c.add(new KernelCase("sgdStep " + v, e -> {
        Tensor p = e.rand(70);
        Tensor buf = e.rand(70);
        e.k.sgdStep(p, e.rand(70), buf, v == 1, 0.1, v == 0 ? 0 : 0.9, v == 3 ? 0.3 : 0,
            v >= 2 ? 0.01 : 0, v == 2, v == 4);
        return new Tensor[] {p, buf};
      }));
    }
    for (int variant = 0; variant < 4; variant++) {
      int v = variant;
      c.add(new KernelCase("adamStep " + v, e -> {
        Tensor p = e.rand(70);
        Tensor m = e.rand(70);
        Tensor s = e.uniform(0f, 1f, 70);
        Tensor vmax = v == 2 ? e.uniform(0f, 1f, 70) : null;
        e.k.adamStep(p, e.rand(70), m, s, vmax, 3 + v, 0.01, 0.9, 0.999, 1e-8,
            v == 0 ? 0 : 0.1, v == 1, v == 3);
        return vmax == null ? new Tensor[] {p, m, s} : new Tensor[] {p, m, s, vmax};
      }));
    }
    c.add(new KernelCase("relu reluBackward", e -> {
      Tensor x = e.rand(9, 11);
      Tensor y = e.zeros(9, 11);
      Tensor dx = e.rand(9, 11);
      e.k.relu(x, y);
      e.k.reluBackward(x, e.rand(9, 11), dx);
      return new Tensor[] {y, dx};
    }));
    c.add(new KernelCase("tanh tanhBackward", e -> {
      Tensor x = e.uniform(-4f, 4f, 9, 11);
      Tensor y = e.zeros(9, 11);
      Tensor dx = e.rand(9, 11);
      e.k.tanh(x, y);
      e.k.tanhBackward(y, e.rand(9, 11), dx);
      return new Tensor[] {y, dx};
    }));
    c.add(new KernelCase("sigmoid sigmoidBackward", e -> {
      Tensor x = e.uniform(-6f, 6f, 9, 11);
      Tensor y = e.zeros(9, 11);
      Tensor dx = e.rand(9, 11);
      e.k.sigmoid(x, y);
      e.k.sigmoidBackward(y, e.rand(9, 11), dx);
      return new Tensor[] {y, dx};
    }));
    int[][][] shapes = {{{4, 5}, {4, 5}}, {{3, 1, 4}, {2, 4}}, {{6}, {}}, {{2, 1}, {1, 3}}};
    for (BinaryOp op : BinaryOp.values()) {
      for (int[][] s : shapes) {
        c.add(new KernelCase("binary binaryBackward " + op + " " + java.util.Arrays.deepToString(s),
            e -> {
              Tensor a = e.rand(s[0]);
              Tensor b = e.rand(s[1]);
              int[] outShape = dev.kiln.tensor.Shapes.broadcast(s[0], s[1]);
              Tensor out = e.zeros(outShape);
              e.k.binary(op, a, b, out);
              Tensor dOut = e.rand(outShape);
              Tensor da = e.rand(s[0]);
              Tensor db = e.rand(s[1]);
              e.k.binaryBackward(op, 0, a, b, dOut, da);
              e.k.binaryBackward(op, 1, a, b, dOut, db);
              return new Tensor[] {out, da, db};
            }));
      }
    }
    for (CompareOp op : CompareOp.values()) {
      c.add(new KernelCase("compare " + op, e -> {
        Tensor a = e.of(new float[] {1, 2, Float.NaN, -1, 0, 3}, 2, 3);
        Tensor b = e.of(new float[] {2, 2, 0}, 3);
        Tensor out = e.zeros(2, 3);
        e.k.compare(op, a, b, out);
        return new Tensor[] {out};
      }));
    }
    MoreKernelCases.add(c);
    LossKernelCases.add(c);
    NormKernelCases.add(c);
    ActivationKernelCases.add(c);
    PoolKernelCases.add(c);
    ConvKernelCases.add(c);
    TensorOpKernelCases.add(c);
    SequenceKernelCases.add(c);
    RnnKernelCases.add(c);
    AttentionKernelCases.add(c);
    return c;
  }
}
