package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code Tensor.toString()}: PyTorch's layout, four decimals, grad info at the end. */
class TensorFormatTest {

  @Test
  void twoByTwoMatrix() {
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    assertEquals("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])", t.toString());
  }

  @Test
  void vectorAndScalar() {
    // all non-negative: PyTorch pads columns with a space when some value is negative
    // (tensor([ 0.5000, -2.0000])), a layout detail TensorFormat does not reproduce
    assertEquals("tensor([0.5000, 2.0000, 3.1416])",
        Tensor.of(new float[] {0.5f, 2f, (float) Math.PI}, 3).toString());
    assertEquals("tensor(7.0000)", Tensor.scalar(7f).toString());
  }

  @Test
  void threeDimensionsIndentNestedRows() {
    Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2);
    String s = t.toString();
    assertTrue(s.startsWith("tensor([[[1.0000, 2.0000]],"), s);
    assertTrue(s.endsWith("[[3.0000, 4.0000]]])"), s);
  }

  @Test
  void requiresGradAndGradFnAreShown() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    assertEquals("tensor([1.0000, 2.0000], requires_grad=True)", x.toString());
    assertEquals("tensor([2.0000, 4.0000], grad_fn=<AddBackward>)", x.add(x).toString());
    assertEquals("tensor([1.0000, 4.0000], grad_fn=<MulBackward>)", x.mul(x).toString());
  }

  @Test
  void largeTensorIsSummarised() {
    String s = Tensor.zeros(100, 100).toString();
    assertTrue(s.contains("10000") && s.contains("(100, 100)"), s);
    assertTrue(s.length() < 100, s);
  }
}
