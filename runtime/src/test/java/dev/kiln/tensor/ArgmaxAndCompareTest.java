package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** argmax and comparisons against torch 1.13 (expected values printed by torch). */
class ArgmaxAndCompareTest {
  private static final float NAN = Float.NaN;

  @Test
  void argmaxTiesGoToTheFirstIndexAndNanIsTheMaximum() {
    Tensor t = Tensor.of(new float[] {1, 3, 3, 2, 2, 0, NAN, 5, NAN}, 3, 3);
    // torch: t.argmax(1) = [1, 0, 0]; t.argmax(0) = [2, 2, 2]; t.argmax() = 6
    assertArrayEquals(new float[] {1, 0, 0}, t.argmax(1).toFloatArray());
    assertArrayEquals(new float[] {1, 0, 0}, t.argmax(-1).toFloatArray());
    assertArrayEquals(new float[] {2, 2, 2}, t.argmax(0).toFloatArray());
    assertEquals(6f, t.argmax().item());
    assertArrayEquals(new int[] {}, t.argmax().shape());
  }

  @Test
  void argmaxAlongEachDimensionOf3d() {
    Tensor x = Tensor.of(new float[] {0, 5, 5, 1, 2, 5, 7, -1, 7, 3, -2, 3}, 2, 3, 2);
    // torch: x.argmax(0) = [[1,0],[1,1],[0,0]]; argmax(1) = [[1,0],[0,1]];
    // argmax(2) = [[1,0,1],[0,0,1]]; argmax() = 6
    assertArrayEquals(new int[] {3, 2}, x.argmax(0).shape());
    assertArrayEquals(new float[] {1, 0, 1, 1, 0, 0}, x.argmax(0).toFloatArray());
    assertArrayEquals(new int[] {2, 2}, x.argmax(1).shape());
    assertArrayEquals(new float[] {1, 0, 0, 1}, x.argmax(1).toFloatArray());
    assertArrayEquals(new int[] {2, 3}, x.argmax(2).shape());
    assertArrayEquals(new float[] {1, 0, 1, 0, 0, 1}, x.argmax(2).toFloatArray());
    assertEquals(6f, x.argmax().item());
    assertEquals(0f, Tensor.scalar(3).argmax(0).item()); // torch.tensor(3.).argmax(0) = 0
  }

  @Test
  void argmaxErrors() {
    Tensor x = Tensor.zeros(2, 3);
    assertThrows(IndexOutOfBoundsException.class, () -> x.argmax(2));
    assertThrows(IndexOutOfBoundsException.class, () -> x.argmax(-3));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).argmax(1));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).argmax());
  }

  @Test
  void comparisonsFollowIeeeAndReturnZeroOrOne() {
    Tensor a = Tensor.of(new float[] {1, 2, NAN, 4}, 4);
    Tensor b = Tensor.of(new float[] {1, 3, NAN, 2}, 4);
    assertArrayEquals(new float[] {1, 0, 0, 0}, a.eq(b).toFloatArray());
    assertArrayEquals(new float[] {0, 1, 1, 1}, a.ne(b).toFloatArray());
    assertArrayEquals(new float[] {0, 0, 0, 1}, a.gt(b).toFloatArray());
    assertArrayEquals(new float[] {0, 1, 0, 0}, a.lt(b).toFloatArray());
    assertArrayEquals(new float[] {1, 0, 0, 1}, a.ge(b).toFloatArray());
    assertArrayEquals(new float[] {1, 1, 0, 0}, a.le(b).toFloatArray());
    assertArrayEquals(new float[] {0, 0, 0, 1}, a.gt(2).toFloatArray());
    assertArrayEquals(new float[] {0, 1, 0, 1}, a.ge(2).toFloatArray());
    assertArrayEquals(new float[] {1, 0, 0, 0}, a.lt(2).toFloatArray());
    assertArrayEquals(new float[] {1, 1, 0, 0}, a.le(2).toFloatArray());
    assertArrayEquals(new float[] {0, 1, 0, 0}, a.eq(2).toFloatArray());
    assertArrayEquals(new float[] {1, 0, 1, 1}, a.ne(2).toFloatArray());
  }

  @Test
  void comparisonsBroadcast() {
    Tensor row = Tensor.of(new float[] {1, 2}, 2);
    Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
    // torch: tensor([1., 2.]).eq(tensor([[1.], [2.]])) = [[True, False], [False, True]]
    Tensor e = row.eq(col);
    assertArrayEquals(new int[] {2, 2}, e.shape());
    assertArrayEquals(new float[] {1, 0, 0, 1}, e.toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> row.eq(Tensor.zeros(3)));
  }

  @Test
  void noGradientIsRecorded() {
    Tensor x = Tensor.of(new float[] {1, 5, 2, 0}, 2, 2).requiresGrad(true);
    Tensor y = x.mul(x);
    for (Tensor r : new Tensor[] {y.argmax(1), y.argmax(), y.gt(y), y.eq(1f), y.le(x)}) {
      assertNull(r.gradFn());
      assertFalse(r.requiresGrad());
    }
  }

  @Test
  void accuracyIdiom() {
    Tensor logits = Tensor.of(new float[] {2, 1, 0, 0, 3, 1, 1, 1, 1, 0, 0, 5}, 4, 3);
    Tensor labels = Tensor.of(new float[] {0, 2, 0, 2}, 4);
    // torch: logits.argmax(1).eq(labels).sum().item() = 3
    assertEquals(3f, logits.argmax(1).eq(labels).sum().item());
    assertEquals(0.75f, logits.argmax(1).eq(labels).mean().item());
  }
}
