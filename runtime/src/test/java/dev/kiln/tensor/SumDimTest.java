package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** sum(dim) and mean(dim): values from torch 1.13, shapes, gradients. */
class SumDimTest {
  private static Tensor x() {
    return Tensor.of(new float[] {0, 5, 5, 1, 2, 5, 7, -1, 7, 3, -2, 3}, 2, 3, 2);
  }

  @Test
  void valuesAndShapesMatchTorch() {
    // torch: x.sum(1) = [[7, 11], [12, 5]]; x.mean(0) = [[3.5, 2], [6, 2], [0, 4]];
    // x.sum(-1) = [[5, 6, 7], [6, 10, 1]]
    assertArrayEquals(new int[] {2, 2}, x().sum(1).shape());
    assertArrayEquals(new float[] {7, 11, 12, 5}, x().sum(1).toFloatArray());
    assertArrayEquals(new int[] {3, 2}, x().mean(0).shape());
    assertArrayEquals(new float[] {3.5f, 2, 6, 2, 0, 4}, x().mean(0).toFloatArray());
    assertArrayEquals(new float[] {5, 6, 7, 6, 10, 1}, x().sum(-1).toFloatArray());
    assertEquals(3f, Tensor.scalar(3).sum(0).item()); // torch.tensor(3.).sum(0) = 3
    assertThrows(IndexOutOfBoundsException.class, () -> x().sum(3));
    // torch.zeros(2, 0).mean(1) = [nan, nan]
    assertTrue(Float.isNaN(Tensor.zeros(2, 0).mean(1).toFloatArray()[1]));
  }

  @Test
  void gradientsPassCentralDifferences() {
    float[] v = new float[24];
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    Tensor t = Tensor.of(v, 2, 3, 4).requiresGrad(true);
    for (int d = -3; d < 3; d++) {
      int dim = d;
      GradCheck.check(() -> t.sum(dim).tanh(), t);
      GradCheck.check(() -> t.mean(dim).tanh(), t);
    }
    assertEquals("MeanBackward", t.mean(1).gradFn().name());
    assertEquals("SumBackward", t.sum(1).gradFn().name());
  }
}
