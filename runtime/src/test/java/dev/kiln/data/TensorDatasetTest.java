package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Rows and shape checks of {@link TensorDataset}. */
class TensorDatasetTest {
  /** 3 samples: x (3, 2, 2) with x[i] = 4i .. 4i+3, y (3) = 7, 8, 9. */
  private static TensorDataset data() {
    float[] x = new float[12];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    return new TensorDataset(Tensor.of(x, 3, 2, 2), Tensor.of(new float[] {7, 8, 9}, 3));
  }

  @Test
  void getReturnsOneRowOfEachTensorWithoutTheFirstDimension() {
    TensorDataset d = data();
    assertEquals(3, d.size());
    Tensor[] row = d.get(1);
    assertEquals(2, row.length);
    assertArrayEquals(new int[] {2, 2}, row[0].shape());
    assertArrayEquals(new float[] {4, 5, 6, 7}, row[0].toFloatArray());
    assertArrayEquals(new int[0], row[1].shape());
    assertEquals(8f, row[1].item());
  }

  @Test
  void rowsAreCopies() {
    TensorDataset d = data();
    Tensor[] row = d.get(2);
    ((CpuBuffer) row[0].buffer()).array()[0] = -1;
    assertEquals(8f, d.get(2)[0].toFloatArray()[0]);
    assertNotSame(d.get(0)[0], d.get(0)[0]);
  }

  @Test
  void tensorsAreTheWrappedOnes() {
    Tensor x = Tensor.zeros(4, 3);
    Tensor y = Tensor.zeros(4);
    Tensor[] t = new TensorDataset(x, y).tensors();
    assertSame(x, t[0]);
    assertSame(y, t[1]);
  }

  @Test
  void differentFirstDimensionsNameTheShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TensorDataset(Tensor.zeros(3, 1, 28, 28), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("(3, 1, 28, 28), (4)"), e.getMessage());
  }

  @Test
  void scalarsNoTensorsAndBadIndicesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TensorDataset(Tensor.zeros(2), Tensor.scalar(1)));
    assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    assertThrows(IllegalArgumentException.class, TensorDataset::new);
    IndexOutOfBoundsException oob =
        assertThrows(IndexOutOfBoundsException.class, () -> data().get(3));
    assertTrue(oob.getMessage().contains("index 3 of a dataset of 3"), oob.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> data().get(-1));
  }
}
