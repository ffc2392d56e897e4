package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear: forward and gradients against PyTorch, backward numerically, shape errors. */
class LinearTest {

  private static Linear withTorchWeights() {
    Linear l = new Linear(3, 2);
    l.loadStateDict(Map.of(
        "weight", Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f}, 2, 3),
        "bias", Tensor.of(new float[] {0.05f, -0.05f}, 2)));
    return l;
  }

  @Test
  void forwardReluIntoClampsTheForward() {
    // the torch values of forwardAndGradientsMatchTorch, through relu
    Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0.5f, 2}, 2, 3);
    Tensor y = Tensor.zeros(2, 2);
    withTorchWeights().forwardReluInto(x, y);
    assertArrayEquals(new float[] {0.65000004f, 0f, 0.45000005f, 0f}, y.toFloatArray(), 1e-5f);
    Tensor flat = Tensor.zeros(2, 3); // a layer without its own fusion: forwardInto, then relu
    new Flatten().forwardReluInto(x, flat);
    assertArrayEquals(new float[] {1, 2, 3, 0, 0.5f, 2}, flat.toFloatArray());
  }

  @Test
  void forwardAndGradientsMatchTorch() {
    // torch 1.13: F.linear(x, W, b) and backward(dy) with the values below
    Linear l = withTorchWeights();
    Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0.5f, 2}, 2, 3).requiresGrad(true);
    Tensor y = l.apply(x);
    assertArrayEquals(new int[] {2, 2}, y.shape());
    assertArrayEquals(new float[] {0.65000004f, -0.45000011f, 0.45000005f, -1.4f},
        y.toFloatArray(), 1e-5f);
    y.backward(Tensor.of(new float[] {1, -2, 0.5f, 3}, 2, 2));
    assertArrayEquals(new float[] {-0.69999999f, -1.2f, 1.5f, 1.25f, 1.4f, -1.6500001f},
        x.grad().toFloatArray(), 1e-5f);
    assertArrayEquals(new float[] {0.5f, 2.25f, 4f, -5f, -2.5f, 0f},
        l.weight().grad().toFloatArray(), 1e-5f);
    assertArrayEquals(new float[] {1.5f, 1f}, l.bias().grad().toFloatArray(), 1e-5f);
  }

  @Test
  void gradientsWithLeadingDimensions() {
    Rng.manualSeed(7);
    Linear l = new Linear(4, 5);
    Tensor x = GradCheck.leaf(71, 1.5, 2, 3, 4);
    assertArrayEquals(new int[] {2, 3, 5}, l.apply(x).shape());
    GradCheck.check(() -> l.apply(x), x, l.weight(), l.bias());
  }

  @Test
  void gradientsWithoutBias() {
    Rng.manualSeed(8);
    Linear l = new Linear(3, 4, false);
    assertNull(l.bias());
    assertArrayEquals(new String[] {"weight"}, l.namedParameters().keySet().toArray());
    Tensor x = GradCheck.leaf(72, 1.5, 5, 3);
    GradCheck.check(() -> l.apply(x), x, l.weight());
  }

  @Test
  void parameterGradientsWhenInputIsConstant() {
    Rng.manualSeed(9);
    Linear l = new Linear(3, 2);
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    GradCheck.checkWith(java.util.List.of(x), () -> l.apply(x), l.weight(), l.bias());
    assertNull(x.grad());
  }

  @Test
  void oneDimensionalInput() {
    Linear l = withTorchWeights();
    Tensor y = l.apply(Tensor.of(new float[] {1, 2, 3}, 3));
    assertArrayEquals(new int[] {2}, y.shape());
    assertArrayEquals(new float[] {0.65000004f, -0.45000011f}, y.toFloatArray(), 1e-5f);
  }

  @Test
  void wrongInputWidthNamesTheShapes() {
    Linear l = new Linear(784, 128);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> l.apply(Tensor.zeros(2, 100)));
    assertTrue(e.getMessage().contains("(2, 100)") && e.getMessage().contains("784"),
        e.getMessage());
  }

  @Test
  void nonPositiveSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new Linear(3, -1));
  }
}
