package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * An attention mask, held as the additive float tensor PyTorch builds from any mask: {@code 0}
 * where attending is allowed, {@code -inf} where it is not (or any additive bias). Shapes: an
 * attention mask is {@code (L, S)} (target by source length), a key padding mask {@code (B, S)}.
 *
 * <pre>{@code
 * Mask.causal(t)              // (t, t): position i sees positions 0..i
 * Mask.bool(padding)          // PyTorch's bool mask: nonzero (true) = may NOT attend
 * Mask.additive(bias)         // a float mask, added to the attention scores
 * }</pre>
 */
public final class Mask {
  private final Tensor additive;

  private Mask(Tensor additive) {
    this.additive = additive;
  }

  /** The {@code (size, size)} causal mask: {@code -inf} above the diagonal, as {@code is_causal}. */
  public static Mask causal(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a causal mask needs a size >= 1, got " + size);
    }
    float[] m = new float[size * size];
    for (int i = 0; i < size; i++) {
      for (int j = i + 1; j < size; j++) {
        m[i * size + j] = Float.NEGATIVE_INFINITY;
      }
    }
    return new Mask(Tensor.of(m, size, size));
  }

  /** A boolean mask as PyTorch's: a nonzero element (true) forbids attending there. */
  public static Mask bool(Tensor mask) {
    float[] m = mask.toFloatArray();
    for (int i = 0; i < m.length; i++) {
      m[i] = m[i] != 0 ? Float.NEGATIVE_INFINITY : 0f;
    }
    return new Mask(Tensor.of(m, mask.shape()).to(mask.device()));
  }

  /** A float mask added to the attention scores before the softmax. */
  public static Mask additive(Tensor mask) {
    return new Mask(mask);
  }

  /** The additive float tensor. */
  public Tensor tensor() {
    return additive;
  }

  /** The mask's shape. */
  public int[] shape() {
    return additive.shape();
  }

  /** The additive tensor of {@code mask}, or null for no mask. */
  static Tensor tensorOf(Mask mask) {
    return mask == null ? null : mask.additive;
  }
}
