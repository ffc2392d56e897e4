package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A parameter with {@code requiresGrad(false)} gets no gradient, as in PyTorch. */
class FrozenParameterTest {
  @Test
  void frozenWeightGetsNoGradientButBiasDoes() {
    Linear fc = new Linear(3, 2);
    fc.weight().requiresGrad(false);
    Tensor y = fc.apply(Tensor.of(new float[] {1, 2, 3}, 1, 3));
    y.sum().backward();
    assertNull(fc.weight().grad());
    assertNotNull(fc.bias().grad());
    assertEquals(1f, fc.bias().grad().toFloatArray()[0]);
  }

  @Test
  void backwardDoesNotRecordAGraph() {
    GradFn[] seen = new GradFn[1];
    Tensor x = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
    Tensor y = x.mul(x);
    y.sum().backward();
    seen[0] = x.grad().gradFn();
    assertNull(seen[0]);
    assertEquals(4f, x.grad().toFloatArray()[0]);
  }
}
