package dev.kiln.nn;

import dev.kiln.backend.Kernels;
import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The eager {@link F#scaledDotProductAttention}: {@code softmax(q k^T / sqrt(E) + mask)} (with
 * dropout on the probabilities) times {@code v}, on the attention kernels, recording one
 * backward node for q, k and v.
 */
final class AttentionOp extends GradFn {
  private final Tensor probs;
  private final Tensor dropMask;
  private final Tensor dropped;
  private final float scale;

  private AttentionOp(Tensor q, Tensor k, Tensor v, Tensor probs, Tensor dropMask,
      Tensor dropped, float scale) {
    super(q, k, v);
    this.probs = probs;
    this.dropMask = dropMask;
    this.dropped = dropped;
    this.scale = scale;
  }

  static Tensor apply(Tensor q, Tensor k, Tensor v, Mask mask, float dropoutP, boolean causal) {
    int[] sq = q.shape();
    int[] sk = k.shape();
    int[] sv = v.shape();
    int n = sq.length;
    if (n < 2 || sk.length != n || sv.length != n
        || !Arrays.equals(sq, 0, n - 2, sk, 0, n - 2) || !Arrays.equals(sk, 0, n - 1, sv, 0, n - 1)
        || sq[n - 1] != sk[n - 1]) {
      throw new IllegalArgumentException("scaled_dot_product_attention expects query (..., L, E),"
          + " key (..., S, E) and value (..., S, Ev) with the same batch dimensions, got "
          + Shapes.toString(sq) + ", " + Shapes.toString(sk) + ", " + Shapes.toString(sv));
    }
    if (!(dropoutP >= 0 && dropoutP <= 1)) {
      throw new IllegalArgumentException("dropout_p must be in [0, 1], got " + dropoutP);
    }
    int l = sq[n - 2];
    int s = sk[n - 2];
    int[] ps = sq.clone();
    ps[n - 1] = s;
    Tensor m = Mask.tensorOf(mask);
    if (m != null && m.numel() != l * s && m.numel() != Shapes.numel(ps)) {
      throw new IllegalArgumentException("scaled_dot_product_attention: the mask "
          + Shapes.toString(m.shape()) + " must have (L, S) = (" + l + ", " + s + ") or "
          + Shapes.toString(ps) + " elements");
    }
    int[] os = sq.clone();
    os[n - 1] = sv[n - 1];
    Kernels kk = q.device().kernels();
    Tensor probs = q.device().zeros(ps);
    float scale = (float) (1 / Math.sqrt(sq[n - 1]));
    kk.attentionScores(q, k, m, null, causal, scale, probs);
    Tensor dropMask = null;
    Tensor dropped = probs;
    if (dropoutP > 0) {
      dropMask = q.device().zeros(ps);
      kk.dropoutMask(dropMask, Rng.nextLong(), dropoutP, dropoutP == 1 ? 0f : 1f / (1f - dropoutP));
      dropped = q.device().zeros(ps);
      kk.dropout(probs, dropMask, dropped);
    }
    Tensor out = q.device().zeros(os);
    kk.attentionValues(dropped, v, out);
    if (GradMode.recording(q, k, v)) {
      out.setGradFn(new AttentionOp(q, k, v, probs, dropMask, dropped, scale));
    }
    return out;
  }

  @Override
  public Tensor[] backward(Tensor dy) {
    Tensor q = inputs().get(0);
    Tensor k = inputs().get(1);
    Tensor v = inputs().get(2);
    Kernels kk = q.device().kernels();
    Tensor dq = q.requiresGrad() ? Tensor.zerosLike(q) : null;
    Tensor dk = k.requiresGrad() ? Tensor.zerosLike(k) : null;
    Tensor dv = v.requiresGrad() ? Tensor.zerosLike(v) : null;
    Tensor dp = Tensor.zerosLike(probs);
    kk.attentionValuesBackward(dropped, v, dy, dp, dv);
    if (dropMask != null) {
      Tensor d = Tensor.zerosLike(probs);
      kk.dropoutBackward(dp, dropMask, d);
      dp = d;
    }
    if (dq != null || dk != null) {
      kk.attentionScoresBackward(q, k, probs, dp, scale, dq, dk, dp);
    }
    return new Tensor[] {dq, dk, dv};
  }

  @Override
  public String name() {
    return "ScaledDotProductAttentionBackward";
  }
}
