package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** relu, tanh and sigmoid on tensors: values against PyTorch, backward numerically. */
class ActivationOpsTest {
  private static final float[] V = {-3f, -0.5f, 0f, 0.5f, 3f, 10f};

  @Test
  void reluValues() {
    assertArrayEquals(new float[] {0, 0, 0, 0.5f, 3, 10}, Tensor.of(V, 6).relu().toFloatArray());
  }

  @Test
  void sigmoidValuesMatchTorch() {
    // torch 1.13: torch.sigmoid(tensor([-3, -0.5, 0, 0.5, 3, 10]))
    float[] torch = {0.047425874f, 0.37754068f, 0.5f, 0.62245935f, 0.95257413f, 0.99995458f};
    assertArrayEquals(torch, Tensor.of(V, 6).sigmoid().toFloatArray(), 1e-7f);
  }

  @Test
  void tanhValuesMatchTorch() {
    // torch 1.13: torch.tanh(tensor([-3, -0.5, 0, 0.5, 3, 10]))
    float[] torch = {-0.99505478f, -0.46211717f, 0f, 0.46211717f, 0.99505478f, 1f};
    assertArrayEquals(torch, Tensor.of(V, 6).tanh().toFloatArray(), 1e-7f);
  }

  @Test
  void sigmoidSaturatesWithoutNaN() {
    float[] y = Tensor.of(new float[] {-1e4f, 1e4f, -100f, 100f}, 4).sigmoid().toFloatArray();
    assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, y, 1e-30f);
  }

  @Test
  void reluGradientAwayFromZero() {
    Tensor x = GradCheck.leafAwayFromZero(41, 0.1, 2.0, 3, 5);
    GradCheck.check(() -> x.relu(), x);
  }

  @Test
  void reluGradientIsStepFunction() {
    Tensor x = Tensor.of(new float[] {-2, -0.1f, 0.1f, 2}, 4).requiresGrad(true);
    x.relu().backward(Tensor.of(new float[] {5, 6, 7, 8}, 4));
    assertArrayEquals(new float[] {0, 0, 7, 8}, x.grad().toFloatArray());
  }

  @Test
  void tanhGradient() {
    Tensor x = GradCheck.leaf(42, 3.0, 3, 5);
    GradCheck.check(() -> x.tanh(), x);
  }

  @Test
  void sigmoidGradient() {
    Tensor x = GradCheck.leaf(43, 4.0, 3, 5);
    GradCheck.check(() -> x.sigmoid(), x);
  }

  @Test
  void composedActivationsGradient() {
    Tensor x = GradCheck.leafAwayFromZero(44, 0.1, 2.0, 2, 4);
    Tensor w = GradCheck.leaf(45, 1.0, 4, 3);
    GradCheck.check(() -> x.matmul(w).tanh().sigmoid().mul(x.relu().sum()), x, w);
  }
}
