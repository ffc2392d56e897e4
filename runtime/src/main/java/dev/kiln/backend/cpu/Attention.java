package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * Scaled dot-product attention over {@code G} independent matrices (batch times heads): the
 * scores {@code q k^T} and the context {@code p v} on the packed GEMM, one matrix at a time,
 * with the scale, masks and softmax fused into one pass over each row of scores
 * ({@link AttentionRows}). The {@code G} matrices are split between threads (each matrix's
 * arithmetic is the same whichever thread runs it, so results do not depend on the count).
 * Allocates nothing: the per-thread jobs are reused.
 */
final class Attention {
  /** Splits with fewer multiply-adds than this run on the calling thread. */
  static final long PARALLEL_WORK = 1L << 18;
  private static final int SCORES = 0;
  private static final int SCORES_BACKWARD = 1;
  private static final int VALUES = 2;
  private static final int VALUES_BACKWARD = 3;
  private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

  private Attention() {}

  static void scores(Tensor q, Tensor k, Tensor mask, Tensor keyMask, boolean causal,
      float scale, Tensor probs) {
    Job j = JOB.get();
    j.set(SCORES, q, k, probs, scale);
    j.mask = mask == null ? null : a(mask);
    j.maskPerMatrix = mask != null && mask.numel() != j.l * j.s;
    j.keyMask = keyMask == null ? null : a(keyMask);
    j.keyGroup = keyMask == null ? 1 : Math.max(1, j.g / keyMask.size(0));
    j.causal = causal;
    j.run();
  }

  static void scoresBackward(Tensor q, Tensor k, Tensor probs, Tensor dProbs, float scale,
      Tensor dq, Tensor dk, Tensor dScores) {
    Job j = JOB.get();
    j.set(SCORES_BACKWARD, q, k, probs, scale);
    j.d1 = a(dProbs);
    j.d2 = a(dScores);
    j.outA = dq == null ? null : a(dq);
    j.outB = dk == null ? null : a(dk);
    j.run();
  }

  static void values(Tensor probs, Tensor v, Tensor out) {
    Job j = JOB.get();
    j.set(VALUES, null, v, probs, 1f);
    j.outA = a(out);
    j.run();
  }

  static void valuesBackward(Tensor probs, Tensor v, Tensor dOut, Tensor dProbs, Tensor dv) {
    Job j = JOB.get();
    j.set(VALUES_BACKWARD, null, v, probs, 1f);
    j.d1 = a(dOut);
    j.outA = dProbs == null ? null : a(dProbs);
    j.outB = dv == null ? null : a(dv);
    j.run();
  }

  /**
   * {@code C += op(A) op(B)} on the calling thread only: the packed kernel (or {@link Gemv} for
   * the skinny shapes it takes), never a parallel split, since the caller splits the matrices.
   */
  static void serialGemm(boolean transA, boolean transB, int m, int n, int k, float[] a,
      int aOff, float[] b, int bOff, float[] c, int cOff) {
    if (m == 0 || n == 0 || k == 0) {
      return;
    }
    if (!Simd.ENABLED) {
      ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    } else if (m == 1 && transB) {
      Gemv.rows(0, n, k, a, aOff, b, bOff, c, cOff);
    } else if (Gemv.handles(transA, m, n, k)) {
      Gemv.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    } else {
      PackedGemm.block(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, 0, n,
          PackedGemm.scratch(), null, null, false);
    }
  }

  /** One call's operands; part {@code p} of {@code parts} handles a run of matrices. */
  private static final class Job implements WorkerPool.Job {
    int op;
    int g;
    int l;
    int s;
    int e;
    int ev;
    int parts;
    float scale;
    float[] q;
    float[] k;
    float[] p;
    float[] d1;
    float[] d2;
    float[] outA;
    float[] outB;
    float[] mask;
    boolean maskPerMatrix;
    float[] keyMask;
    int keyGroup;
    boolean causal;

    /** {@code k} is the keys (scores) or the values (values); {@code p} the probabilities. */
    void set(int op, Tensor q, Tensor k, Tensor p, float scale) {
      this.op = op;
      int d = p.dim();
      this.l = p.size(d - 2);
      this.s = p.size(d - 1);
      this.g = l * s == 0 ? 0 : p.numel() / (l * s);
      this.e = q == null ? 0 : q.size(q.dim() - 1);
      this.ev = q == null ? k.size(k.dim() - 1) : 0;
      this.q = q == null ? null : a(q);
      this.k = a(k);
      this.p = a(p);
      this.scale = scale;
    }

    void run() {
      long work = (long) g * l * s * Math.max(e, ev);
      int threads = CpuThreads.get();
      parts = threads == 1 || work < PARALLEL_WORK ? 1 : Math.min(threads, g);
      if (g == 0 || l == 0) {
        clear();
        return;
      }
      try {
        if (parts == 1) {
          run(0);
        } else {
          WorkerPool.run(parts, this);
        }
      } finally {
        clear();
      }
    }

    private void clear() {
      q = k = p = d1 = d2 = outA = outB = mask = keyMask = null;
    }

    @Override
    public void run(int part) {
      int from = (int) ((long) g * part / parts);
      int to = (int) ((long) g * (part + 1) / parts);
      for (int m = from; m < to; m++) {
        switch (op) {
          case SCORES -> scores(m);
          case SCORES_BACKWARD -> scoresBackward(m);
          case VALUES -> values(m);
          default -> valuesBackward(m);
        }
      }
    }

    private void scores(int m) {
      int po = m * l * s;
      java.util.Arrays.fill(p, po, po + l * s, 0f);
      serialGemm(false, true, l, s, e, q, m * l * e, k, m * s * e, p, po);
      int mo = mask == null ? -1 : maskPerMatrix ? po : 0;
      int ko = keyMask == null ? -1 : (m / keyGroup) * s;
      for (int i = 0; i < l; i++) {
        int width = causal ? Math.min(i + 1, s) : s;
        AttentionRows.softmax(p, po + i * s, width, s, scale, mask, mo < 0 ? -1 : mo + i * s,
            keyMask, ko);
      }
    }

    private void scoresBackward(int m) {
      int po = m * l * s;
      for (int i = 0; i < l; i++) {
        AttentionRows.softmaxBackward(p, d1, d2, po + i * s, s, scale);
      }
      if (outA != null) {
        serialGemm(false, false, l, e, s, d2, po, k, m * s * e, outA, m * l * e);
      }
      if (outB != null) {
        serialGemm(true, false, s, e, l, d2, po, q, m * l * e, outB, m * s * e);
      }
    }

    private void values(int m) {
      int oo = m * l * ev;
      java.util.Arrays.fill(outA, oo, oo + l * ev, 0f);
      serialGemm(false, false, l, ev, s, p, m * l * s, k, m * s * ev, outA, oo);
    }

    private void valuesBackward(int m) {
      if (outA != null) {
        serialGemm(false, true, l, s, ev, d1, m * l * ev, k, m * s * ev, outA, m * l * s);
      }
      if (outB != null) {
        serialGemm(true, false, s, ev, l, p, m * l * s, d1, m * l * ev, outB, m * s * ev);
      }
    }
  }
}
