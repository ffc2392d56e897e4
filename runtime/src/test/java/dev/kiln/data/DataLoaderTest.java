package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batching, shuffling and buffer reuse of {@link DataLoader}; rows of {@link TensorDataset}. */
class DataLoaderTest {
  /** 10 samples: x row i = (i, 10 + i), label i. */
  private static TensorDataset data() {
    float[] x = new float[20];
    float[] y = new float[10];
    for (int i = 0; i < 10; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 10 + i;
      y[i] = i;
    }
    return new TensorDataset(Tensor.of(x, 10, 2), Tensor.of(y, 10));
  }

  private static List<Float> labels(DataLoader loader) {
    List<Float> out = new ArrayList<>();
    for (Tensor[] b : loader) {
      float[] x = b[0].toFloatArray();
      float[] y = b[1].toFloatArray();
      for (int i = 0; i < y.length; i++) {
        assertEquals(y[i], x[2 * i]);
        assertEquals(y[i] + 10, x[2 * i + 1]);
        out.add(y[i]);
      }
    }
    return out;
  }

  @Test
  void batchesInOrderWithAPartialLastBatch() {
    DataLoader loader = new DataLoader(data(), 4);
    assertEquals(3, loader.numBatches());
    List<int[]> shapes = new ArrayList<>();
    loader.forEach(b -> shapes.add(b[0].shape()));
    assertArrayEquals(new int[] {4, 2}, shapes.get(0));
    assertArrayEquals(new int[] {2, 2}, shapes.get(2));
    assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), labels(loader));
  }

  @Test
  void dropLastDropsThePartialBatch() {
    DataLoader loader = new DataLoader(data(), 4).dropLast(true);
    assertEquals(2, loader.numBatches());
    assertEquals(8, labels(loader).size());
  }

  @Test
  void shuffleIsAPermutationPerEpochAndRepeatsForTheSameSeed() {
    List<Float> e0 = labels(new DataLoader(data(), 3).shuffle(5));
    DataLoader loader = new DataLoader(data(), 3).shuffle(5);
    List<Float> again = labels(loader);
    List<Float> next = labels(loader);
    assertEquals(e0, again);
    assertNotEquals(again, next);
    assertEquals(45f, (float) next.stream().mapToDouble(f -> f).sum());
    assertEquals(10, next.stream().distinct().count());
    assertNotEquals(e0, labels(new DataLoader(data(), 3).shuffle(6)));
  }

  @Test
  void fullBatchesReuseTheirTensors() {
    List<Tensor> seen = new ArrayList<>();
    new DataLoader(data(), 2).forEach(b -> seen.add(b[0]));
    assertSame(seen.get(0), seen.get(4));
  }

  @Test
  void datasetRowsAndErrors() {
    Tensor[] row = data().get(3);
    assertArrayEquals(new float[] {3, 13}, row[0].toFloatArray());
    assertArrayEquals(new int[0], row[1].shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("(3, 2), (4)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DataLoader(data(), 0));
  }
}
