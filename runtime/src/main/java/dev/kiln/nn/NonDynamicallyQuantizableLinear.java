package dev.kiln.nn;

/**
 * A {@link Linear} under the name PyTorch gives {@link MultiheadAttention}'s {@code out_proj}
 * ({@code torch.nn.modules.linear.NonDynamicallyQuantizableLinear}), so the attention layer
 * prints as PyTorch's; it computes exactly what {@code Linear} does.
 */
public final class NonDynamicallyQuantizableLinear extends Linear {
  public NonDynamicallyQuantizableLinear(int in, int out, boolean bias) {
    super(in, out, bias);
  }
}
