package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The tape engine: gradient accumulation over shared uses and over backward calls. */
class AutogradTest {

  @Test
  void tensorUsedTwiceAccumulatesBothPaths() {
    // y = x*x + x  =>  dy/dx = 2x + 1
    Tensor x = Tensor.of(new float[] {-1.5f, 0f, 2f, 3f}, 2, 2).requiresGrad(true);
    x.mul(x).add(x).sum().backward();
    assertArrayEquals(new float[] {-2f, 1f, 5f, 7f}, x.grad().toFloatArray());
  }

  @Test
  void tensorUsedTwiceGradCheck() {
    Tensor x = GradCheck.leaf(51, 2.0, 3, 4);
    GradCheck.check(() -> x.mul(x).add(x), x);
  }

  @Test
  void diamondGraphGradCheck() {
    // h is used by two branches that meet again: exercises the topological order
    Tensor x = GradCheck.leaf(52, 1.0, 2, 3);
    Tensor w = GradCheck.leaf(53, 1.0, 3, 3);
    GradCheck.check(() -> {
      Tensor h = x.matmul(w);
      return h.tanh().mul(h.sigmoid()).sub(h).add(h.mul(h));
    }, x, w);
  }

  @Test
  void secondBackwardAccumulatesIntoLeafGrad() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor w = Tensor.of(new float[] {4, 5, 6}, 3);
    x.mul(w).sum().backward();
    assertArrayEquals(new float[] {4, 5, 6}, x.grad().toFloatArray());
    x.mul(w).sum().backward();
    assertArrayEquals(new float[] {8, 10, 12}, x.grad().toFloatArray());
  }

  @Test
  void backwardTwiceFromSameForwardGivesSameGradient() {
    Tensor x = GradCheck.leaf(54, 1.0, 2, 3);
    Tensor w = GradCheck.leaf(55, 1.0, 3, 2);
    Tensor loss = x.matmul(w).tanh().mean();
    loss.backward();
    float[] first = w.grad().toFloatArray();
    w.setGrad(null);
    loss.backward();
    assertArrayEquals(first, w.grad().toFloatArray());
  }

  @Test
  void nonLeafGetsNoRetainedGradAndConstantsGetNone() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    Tensor c = Tensor.of(new float[] {3, 4}, 2);
    Tensor h = x.mul(c);
    h.sum().backward();
    assertNull(h.grad());
    assertNull(c.grad());
    assertArrayEquals(new float[] {3, 4}, x.grad().toFloatArray());
  }

  @Test
  void backwardWithExplicitUpstreamGradient() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    x.mul(x).backward(Tensor.of(new float[] {1, 0, -1}, 3));
    assertArrayEquals(new float[] {2, 0, -6}, x.grad().toFloatArray());
  }

  @Test
  void backwardOnTensorNotRequiringGradThrows() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2);
    assertThrows(IllegalStateException.class, () -> x.sum().backward());
  }

  @Test
  void upstreamGradientOfWrongShapeThrows() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    Tensor y = x.relu();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> y.backward(Tensor.zeros(4)));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("(4)")
        && e.getMessage().contains("(2, 2)"), e.getMessage());
  }
}
