package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Contract cases for the attention kernels of issue 17: scores with no mask, a shared and a
 * per-matrix additive mask holding {@code -inf}, a key padding mask per batch row, causal
 * (square and not), sizes around the vector width; the backward with its scratch separate and
 * aliasing {@code dProbs}; heads split and merged in both layouts; flat range copies.
 */
final class AttentionKernelCases {
  private AttentionKernelCases() {}

  private static Tensor mask(KernelCase.Env e, int... shape) {
    Tensor t = e.rand(shape);
    float[] v = t.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] > 0.6f ? Float.NEGATIVE_INFINITY : v[i];
    }
    // never a whole row masked: the first column stays finite
    for (int i = 0; i < v.length; i += shape[shape.length - 1]) {
      v[i] = 0.25f;
    }
    return e.of(v, shape);
  }

  static void add(List<KernelCase> c) {
    // g, l, s, e, ev, batches (key mask rows), mask kind (0 none, 1 shared, 2 per matrix), causal
    int[][] shapes = {{6, 5, 7, 4, 3, 0, 0, 0}, {6, 5, 7, 4, 3, 2, 1, 0}, {4, 9, 9, 16, 16, 0, 2, 1},
        {2, 6, 4, 8, 5, 2, 0, 1}, {8, 17, 17, 9, 8, 4, 1, 0}, {1, 1, 3, 2, 2, 0, 0, 0},
        {3, 33, 40, 32, 32, 3, 2, 1}};
    for (int[] s : shapes) {
      for (boolean alias : new boolean[] {false, true}) {
        String name = "attentionScores attentionScoresBackward attentionValues "
            + "attentionValuesBackward g=" + s[0] + " l=" + s[1] + " s=" + s[2] + " e=" + s[3]
            + " ev=" + s[4] + " keyMask=" + s[5] + " mask=" + s[6] + " causal=" + s[7]
            + (alias ? " in place" : "");
        c.add(new KernelCase(name, e -> {
          int g = s[0];
          int l = s[1];
          int n = s[2];
          Tensor q = e.uniform(-2, 2, g, l, s[3]);
          Tensor k = e.uniform(-2, 2, g, n, s[3]);
          Tensor v = e.rand(g, n, s[4]);
          Tensor keyMask = s[5] == 0 ? null : mask(e, s[5], n);
          Tensor m = s[6] == 0 ? null : s[6] == 1 ? mask(e, l, n) : mask(e, g, l, n);
          float scale = (float) (1 / Math.sqrt(s[3]));
          Tensor p = e.rand(g, l, n);
          e.k.attentionScores(q, k, m, keyMask, s[7] == 1, scale, p);
          Tensor out = e.rand(g, l, s[4]);
          e.k.attentionValues(p, v, out);
          Tensor dOut = e.rand(g, l, s[4]);
          Tensor dp = e.rand(g, l, n);
          Tensor dv = e.rand(g, n, s[4]);
          e.k.attentionValuesBackward(p, v, dOut, dp, dv);
          Tensor dpOnly = e.rand(g, l, n);
          e.k.attentionValuesBackward(p, v, dOut, dpOnly, null);
          Tensor dq = e.rand(g, l, s[3]);
          Tensor dk = e.rand(g, n, s[3]);
          Tensor ds = alias ? dp : e.zeros(g, l, n);
          e.k.attentionScoresBackward(q, k, p, dp, scale, dq, dk, ds);
          Tensor dkOnly = e.rand(g, n, s[3]);
          e.k.attentionScoresBackward(q, k, p, dpOnly, scale, null, dkOnly, dpOnly);
          return new Tensor[] {p, out, dv, dq, dk, ds, dkOnly};
        }));
      }
    }
    int[][] heads = {{2, 3, 5, 4, 0}, {3, 2, 4, 8, 5}, {1, 1, 3, 7, 0}};
    for (int[] h : heads) {
      for (boolean batchFirst : new boolean[] {false, true}) {
        c.add(new KernelCase("splitHeads splitHeadsBackward b=" + h[0] + " h=" + h[1] + " t="
            + h[2] + " d=" + h[3] + " col0=" + h[4] + (batchFirst ? " batch first" : ""), e -> {
              int cols = h[4] + h[1] * h[3] + 3;
              Tensor x = e.rand(h[0] * h[2], cols);
              Tensor out = e.rand(h[0], h[1], h[2], h[3]);
              e.k.splitHeads(x, h[4], batchFirst, out);
              Tensor dx = e.rand(h[0] * h[2], cols);
              e.k.splitHeadsBackward(e.rand(h[0], h[1], h[2], h[3]), h[4], batchFirst, dx);
              return new Tensor[] {out, dx};
            }));
      }
    }
    c.add(new KernelCase("copyRange accumulateRange", e -> {
      Tensor src = e.rand(5, 7);
      Tensor dst = e.rand(4, 4);
      e.k.copyRange(src, 9, dst, 3, 11);
      Tensor acc = e.rand(30);
      e.k.accumulateRange(src, 2, acc, 17, 13);
      e.k.accumulateRange(src, 0, acc, 0, 0);
      return new Tensor[] {dst, acc};
    }));
  }
}
