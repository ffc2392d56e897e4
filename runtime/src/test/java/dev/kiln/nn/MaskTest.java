package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Mask: the causal mask equals PyTorch's {@code nn.Transformer.generate_square_subsequent_mask};
 * a bool mask becomes -inf where nonzero (NaN included, as Python's {@code bool(nan)}), 0
 * elsewhere, keeping shape and device; an additive mask is held as given.
 */
class MaskTest {
  private static final float NEG = Float.NEGATIVE_INFINITY;

  @Test
  void causalAsGenerateSquareSubsequentMask() {
    Mask m = Mask.causal(3);
    assertArrayEquals(new int[] {3, 3}, m.shape());
    assertArrayEquals(new float[] {0, NEG, NEG, 0, 0, NEG, 0, 0, 0}, m.tensor().toFloatArray());
    assertArrayEquals(new float[] {0}, Mask.causal(1).tensor().toFloatArray());
    assertEquals("a causal mask needs a size >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> Mask.causal(0)).getMessage());
  }

  @Test
  void boolMaskBecomesAdditive() {
    Tensor padding = Tensor.of(new float[] {0, 1, 0, -2, Float.NaN, 0}, 2, 3);
    Mask m = Mask.bool(padding);
    assertArrayEquals(new int[] {2, 3}, m.shape());
    assertArrayEquals(new float[] {0, NEG, 0, NEG, NEG, 0}, m.tensor().toFloatArray());
    assertSame(padding.device(), m.tensor().device());
    assertArrayEquals(new float[] {0, 1, 0, -2, Float.NaN, 0}, padding.toFloatArray()); // kept
  }

  @Test
  void additiveMaskIsHeldAsGiven() {
    Tensor bias = Tensor.of(new float[] {0.5f, -1f}, 1, 2);
    assertSame(bias, Mask.additive(bias).tensor());
    assertSame(bias, Mask.tensorOf(Mask.additive(bias)));
    assertNull(Mask.tensorOf(null));
  }

  @Test
  void causalMaskAddedToScoresZeroesTheFutureAfterSoftmax() {
    Tensor scores = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
    float[] p = scores.add(Mask.causal(3).tensor()).softmax(-1).toFloatArray();
    assertArrayEquals(new float[] {1, 0, 0}, java.util.Arrays.copyOfRange(p, 0, 3), 0f);
    assertEquals(0f, p[5], 0f);
    assertEquals(1f, p[3] + p[4], 1e-6f);
  }
}
