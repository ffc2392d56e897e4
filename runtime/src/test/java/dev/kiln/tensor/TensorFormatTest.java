package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code Tensor.toString()} prints as PyTorch 1.13 does (expected strings from torch). */
class TensorFormatTest {
  @Test
  void matrixWithNegativeValuesIsRightAligned() {
    Tensor t = Tensor.of(new float[] {-0.2015f, 0.0088f}, 2, 1);
    assertEquals("tensor([[-0.2015],\n        [ 0.0088]])", t.toString());
    assertEquals("tensor([[1.5000, 2.2500],\n        [3.0000, 4.0000]])",
        Tensor.of(new float[] {1.5f, 2.25f, 3, 4}, 2, 2).toString());
  }

  @Test
  void vectorsPadToTheWidestValue() {
    assertEquals("tensor([ 0.5000, -2.0000,  3.1416])",
        Tensor.of(new float[] {0.5f, -2f, 3.1416f}, 3).toString());
    assertEquals("tensor([  10.5000, -200.2500])",
        Tensor.of(new float[] {10.5f, -200.25f}, 2).toString());
  }

  @Test
  void wholeNumbersPrintWithoutDecimals() {
    assertEquals("tensor(7.)", Tensor.scalar(7f).toString());
    assertEquals("tensor([[[1., 2.]],\n\n        [[3., 4.]]])",
        Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2).toString());
  }

  @Test
  void requiresGradAndGradFnAreShown() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    assertEquals("tensor([1., 2.], requires_grad=True)", x.toString());
    assertEquals("tensor([2., 4.], grad_fn=<AddBackward>)", x.add(x).toString());
    assertEquals("tensor([1., 4.], grad_fn=<MulBackward>)", x.mul(x).toString());
  }

  @Test
  void largeTensorIsSummarised() {
    String s = Tensor.zeros(100, 100).toString();
    assertTrue(s.contains("10000") && s.contains("(100, 100)"), s);
    assertTrue(s.length() < 100, s);
  }
}
