package dev.kiln.backend;

import dev.kiln.loss.Reduction;
import dev.kiln.tensor.Tensor;
import java.util.List;

/** Contract cases for the loss kernels and the class-index check. */
final class LossKernelCases {
  private LossKernelCases() {}

  static void add(List<KernelCase> c) {
    for (LossOp op : LossOp.values()) {
      for (Reduction r : Reduction.values()) {
        for (boolean weighted : new boolean[] {false, true}) {
          c.add(new KernelCase("pointwiseLoss pointwiseLossBackward " + op + " " + r
              + (weighted ? " weighted" : ""), e -> {
                boolean probs = op == LossOp.BCE;
                Tensor x = probs ? e.uniform(0.05f, 0.95f, 6, 5) : e.uniform(-2f, 2f, 6, 5);
                Tensor y = probs || op == LossOp.BCE_WITH_LOGITS ? e.uniform(0f, 1f, 6, 5)
                    : e.uniform(-2f, 2f, 6, 5);
                Tensor w = weighted ? e.uniform(0.5f, 2f, 5) : null;
                Tensor q = weighted && op == LossOp.BCE_WITH_LOGITS ? e.uniform(0.5f, 3f, 1, 5)
                    : null;
                float p = op == LossOp.SMOOTH_L1 || op == LossOp.HUBER ? 0.7f : 0f;
                Tensor out = r == Reduction.NONE ? e.zeros(6, 5) : e.zeros();
                e.k.pointwiseLoss(op, p, x, y, w, q, r, out);
                Tensor dOut = r == Reduction.NONE ? e.rand(6, 5) : e.rand();
                Tensor dx = e.rand(6, 5);
                e.k.pointwiseLossBackward(op, p, x, y, w, q, r, dOut, dx);
                return new Tensor[] {out, dx};
              }));
        }
      }
    }
    int[][] shapes = {{16, 10}, {10}, {4, 3, 5}};
    for (int[] s : shapes) {
      for (Reduction r : Reduction.values()) {
        for (int variant = 0; variant < 3; variant++) {
          int v = variant;
          c.add(new KernelCase("classLoss classLossBackward " + java.util.Arrays.toString(s)
              + " " + r + " " + v, e -> {
                int classes = s.length == 1 ? s[0] : s[1];
                int[] ts = s.length == 1 ? new int[0]
                    : s.length == 2 ? new int[] {s[0]} : new int[] {s[0], s[2]};
                Tensor x = e.uniform(-3f, 3f, s);
                Tensor t = e.classes(classes, ts);
                if (v == 2 && t.numel() > 1) {
                  float[] tv = t.toFloatArray();
                  tv[1] = -100;
                  t = e.of(tv, ts);
                }
                Tensor w = v >= 1 ? e.uniform(0.5f, 2f, classes) : null;
                float smoothing = v == 1 ? 0.1f : 0f;
                boolean logSoftmax = v != 2 || s.length == 2;
                Tensor out = r == Reduction.NONE ? e.zeros(ts) : e.zeros();
                e.k.classLoss(x, t, w, -100, smoothing, logSoftmax, r, out);
                Tensor dOut = r == Reduction.NONE ? e.rand(ts) : e.rand();
                Tensor dx = e.rand(s);
                e.k.classLossBackward(x, t, w, -100, smoothing, logSoftmax, r, dOut, dx);
                return new Tensor[] {out, dx};
              }));
        }
      }
    }
    float[][] targets = {{0, 1, 2, -100}, {0, 1.5f, 2, 7}, {0, 1, 3, 2}, {1, 2, 0, -1}};
    for (float[] t : targets) {
      c.add(new KernelCase("invalidClassIndex " + java.util.Arrays.toString(t), e -> new Tensor[] {
          e.of(new float[] {e.k.invalidClassIndex(e.of(t, 4), 3, -100)})}));
    }
  }
}
