package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code GradMode.noGrad(Supplier)}: no recording inside, the previous mode restored after. */
class GradModeSupplierTest {
  @Test
  void recordsNothingInsideAndRestoresAfterwards() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    Tensor y = GradMode.noGrad(() -> x.mul(x));
    assertNull(y.gradFn());
    assertEquals(5f, y.sum().item());
    assertTrue(GradMode.isEnabled());
    assertThrows(IllegalStateException.class, () -> GradMode.noGrad(() -> {
      throw new IllegalStateException("boom");
    }));
    assertTrue(GradMode.isEnabled());
    assertTrue(x.mul(x).gradFn() != null);
  }
}
