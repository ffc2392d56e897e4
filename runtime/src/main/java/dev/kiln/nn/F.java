package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Functional activations, as {@code torch.nn.functional}; any shape in, same shape out. Each
 * records its backward when its input requires grad.
 */
public final class F {
  private F() {}

  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }

  /** {@code leaky_relu(x, 0.01)}. */
  public static Tensor leakyRelu(Tensor x) {
    return leakyRelu(x, 0.01f);
  }

  /** {@code x > 0 ? x : negativeSlope * x}, as {@code F.leaky_relu}. */
  public static Tensor leakyRelu(Tensor x, float negativeSlope) {
    return new LeakyReLU(negativeSlope).apply(x);
  }

  /** The exact GELU, {@code x * Phi(x)}, as {@code F.gelu}. */
  public static Tensor gelu(Tensor x) {
    return gelu(x, "none");
  }

  /** GELU with {@code approximate} {@code "none"} (exact) or {@code "tanh"}. */
  public static Tensor gelu(Tensor x, String approximate) {
    return new GELU(approximate).apply(x);
  }

  /** {@code x * sigmoid(x)}, as {@code F.silu}. */
  public static Tensor silu(Tensor x) {
    return new SiLU().apply(x);
  }

  /** {@code elu(x, 1.0)}. */
  public static Tensor elu(Tensor x) {
    return elu(x, 1.0f);
  }

  /** {@code x > 0 ? x : alpha * (exp(x) - 1)}, as {@code F.elu}. */
  public static Tensor elu(Tensor x, float alpha) {
    return new ELU(alpha).apply(x);
  }

  /** Softmax along {@code dim} (negative counts from the end), as {@code F.softmax}. */
  public static Tensor softmax(Tensor x, int dim) {
    return new Softmax(dim).apply(x);
  }

  /** Log-softmax along {@code dim}, as {@code F.log_softmax}. */
  public static Tensor logSoftmax(Tensor x, int dim) {
    return new LogSoftmax(dim).apply(x);
  }

  /**
   * {@code x > 0 ? x : weight * x}, as {@code F.prelu}: {@code weight} has one element or one per
   * channel (dimension 1 of {@code x}); gradients reach both.
   */
  public static Tensor prelu(Tensor x, Tensor weight) {
    return PreluOp.apply(x, weight);
  }

  // --- attention (issue 17) ---

  /** {@link #scaledDotProductAttention(Tensor, Tensor, Tensor, Mask, float, boolean)} without a mask, dropout or causality. */
  public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
    return AttentionOp.apply(query, key, value, null, 0f, false);
  }

  /** {@link #scaledDotProductAttention(Tensor, Tensor, Tensor, Mask, float, boolean)} without dropout. */
  public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value,
      Mask attnMask, boolean isCausal) {
    return AttentionOp.apply(query, key, value, attnMask, 0f, isCausal);
  }

  /**
   * {@code softmax(q k^T / sqrt(E) + mask) v}, as PyTorch 2.0's {@code
   * F.scaled_dot_product_attention(query, key, value, attn_mask, dropout_p, is_causal)}: query
   * {@code (..., L, E)}, key {@code (..., S, E)}, value {@code (..., S, Ev)} with equal batch
   * dimensions, result {@code (..., L, Ev)}. {@code attnMask} (or null) is {@code (L, S)}, shared,
   * or {@code (..., L, S)}; {@code isCausal} hides position {@code j > i}; dropout (drawn from
   * {@link Rng}) zeroes probabilities with probability {@code dropoutP}. Gradients reach q, k, v.
   */
  public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value,
      Mask attnMask, float dropoutP, boolean isCausal) {
    return AttentionOp.apply(query, key, value, attnMask, dropoutP, isCausal);
  }
}
