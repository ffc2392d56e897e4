package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * What {@link MultiheadAttention#apply} returns, as PyTorch's {@code (attn_output,
 * attn_output_weights)} tuple: the output, and the attention weights (averaged over heads unless
 * {@code averageAttnWeights(false)}), or null when {@code needWeights(false)}.
 */
public record AttentionOutput(Tensor output, Tensor weights) {}
