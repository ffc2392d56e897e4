package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** reshape, flatten, sum and mean: forward values and shapes, backward numerically. */
class ShapeAndReductionGradTest {

  @Test
  void reshapeKeepsRowMajorOrderAndInfersMinusOne() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor y = x.reshape(3, -1);
    assertArrayEquals(new int[] {3, 2}, y.shape());
    assertArrayEquals(x.toFloatArray(), y.toFloatArray());
  }

  @Test
  void reshapeGradient() {
    Tensor x = GradCheck.leaf(31, 2.0, 2, 3, 4);
    GradCheck.check(() -> x.reshape(4, 6), x);
    GradCheck.check(() -> x.reshape(-1, 2), x);
  }

  @Test
  void flattenShapes() {
    Tensor x = Tensor.zeros(2, 3, 4, 5);
    assertArrayEquals(new int[] {120}, x.flatten().shape());
    assertArrayEquals(new int[] {2, 60}, x.flatten(1).shape());
    assertArrayEquals(new int[] {2, 12, 5}, x.flatten(1, 2).shape());
    assertArrayEquals(new int[] {2, 3, 20}, x.flatten(-2, -1).shape());
    assertArrayEquals(new int[] {1}, Tensor.scalar(3f).flatten().shape());
  }

  @Test
  void flattenGradient() {
    Tensor x = GradCheck.leaf(32, 2.0, 2, 3, 2);
    GradCheck.check(() -> x.flatten(), x);
    GradCheck.check(() -> x.flatten(1), x);
  }

  @Test
  void sumAndMeanValues() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(0, x.sum().dim());
    assertEquals(21f, x.sum().item());
    assertEquals(3.5f, x.mean().item());
  }

  @Test
  void sumGradient() {
    Tensor x = GradCheck.leaf(33, 2.0, 3, 4);
    GradCheck.check(() -> x.sum(), x);
  }

  @Test
  void meanGradient() {
    Tensor x = GradCheck.leaf(34, 2.0, 3, 4);
    GradCheck.check(() -> x.mean(), x);
    x.setGrad(null);
    x.mean().backward();
    for (float g : x.grad().toFloatArray()) {
      assertEquals(1f / 12, g, 1e-7f);
    }
  }

  @Test
  void chainedShapeOpsGradient() {
    Tensor x = GradCheck.leaf(35, 2.0, 2, 6);
    Tensor w = GradCheck.leaf(36, 2.0, 3, 4);
    GradCheck.check(() -> x.reshape(2, 3, 2).flatten(1).reshape(3, 4).mul(w).mean(), x, w);
  }
}
