package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batching, shuffling and buffer reuse of {@link DataLoader}. */
class DataLoaderTest {
  /** n samples: x (n, 2, 3) with row i = 100 i + 0..5, label (n) = i. */
  private static TensorDataset data(int n) {
    float[] x = new float[n * 6];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        x[6 * i + j] = 100 * i + j;
      }
      y[i] = i;
    }
    return new TensorDataset(Tensor.of(x, n, 2, 3), Tensor.of(y, n));
  }

  /** One epoch's labels, checking every batch's shapes and that x rows match their labels. */
  private static List<Integer> epoch(DataLoader loader) {
    List<Integer> out = new ArrayList<>();
    for (Tensor[] b : loader) {
      float[] x = b[0].toFloatArray();
      float[] y = b[1].toFloatArray();
      assertArrayEquals(new int[] {y.length, 2, 3}, b[0].shape());
      assertArrayEquals(new int[] {y.length}, b[1].shape());
      for (int i = 0; i < y.length; i++) {
        for (int j = 0; j < 6; j++) {
          assertEquals(100 * y[i] + j, x[6 * i + j]);
        }
        out.add((int) y[i]);
      }
    }
    return out;
  }

  private static List<Integer> sizes(DataLoader loader) {
    List<Integer> out = new ArrayList<>();
    loader.forEach(b -> out.add(b[0].size(0)));
    return out;
  }

  @Test
  void batchesInOrderWithAPartialLastBatch() {
    DataLoader loader = new DataLoader(data(10), 4);
    assertEquals(10, loader.size());
    assertEquals(4, loader.batchSize());
    assertEquals(3, loader.numBatches());
    assertEquals(List.of(4, 4, 2), sizes(loader));
    assertEquals(IntStream.range(0, 10).boxed().toList(), epoch(loader));
    assertEquals(IntStream.range(0, 10).boxed().toList(), epoch(loader));
  }

  @Test
  void dropLastDropsOnlyAPartialBatch() {
    assertEquals(List.of(4, 4), sizes(new DataLoader(data(10), 4).dropLast(true)));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), epoch(new DataLoader(data(10), 4).dropLast(true)));
    assertEquals(List.of(5, 5), sizes(new DataLoader(data(10), 5).dropLast(true)));
    assertEquals(List.of(5, 5), sizes(new DataLoader(data(10), 5)));
    assertEquals(List.of(), sizes(new DataLoader(data(3), 4).dropLast(true)));
    assertEquals(List.of(3), sizes(new DataLoader(data(3), 4)));
  }

  @Test
  void numBatchesMatchesIteration() {
    for (int n : new int[] {0, 1, 7, 64, 65, 130}) {
      for (int b : new int[] {1, 3, 64, 200}) {
        for (boolean drop : new boolean[] {false, true}) {
          DataLoader loader = new DataLoader(data(n), b).dropLast(drop);
          int expected = drop ? n / b : (n + b - 1) / b;
          assertEquals(expected, loader.numBatches(), n + "/" + b + "/" + drop);
          assertEquals(expected, sizes(loader).size(), n + "/" + b + "/" + drop);
        }
      }
    }
  }

  @Test
  void everySampleAppearsOncePerShuffledEpoch() {
    DataLoader loader = new DataLoader(data(1000), 64).shuffle(42);
    List<Integer> all = IntStream.range(0, 1000).boxed().toList();
    List<List<Integer>> epochs = new ArrayList<>();
    for (int e = 0; e < 3; e++) {
      List<Integer> seen = epoch(loader);
      assertEquals(all, seen.stream().sorted().toList());
      assertNotEquals(all, seen);
      epochs.add(seen);
    }
    assertNotEquals(epochs.get(0), epochs.get(1));
    assertNotEquals(epochs.get(1), epochs.get(2));
  }

  @Test
  void shuffleIsDeterministicPerSeedAndEpoch() {
    DataLoader a = new DataLoader(data(50), 8).shuffle(7);
    DataLoader b = new DataLoader(data(50), 8).shuffle(7);
    for (int e = 0; e < 4; e++) {
      assertEquals(epoch(a), epoch(b), "epoch " + e);
    }
    List<Integer> seed8 = epoch(new DataLoader(data(50), 8).shuffle(8));
    DataLoader seed7 = new DataLoader(data(50), 8).shuffle(7);
    assertNotEquals(seed8, epoch(seed7));
    assertNotEquals(seed8, epoch(seed7)); // seed 7's epoch 1 is not seed 8's epoch 0
  }

  @Test
  void setEpochReplaysThatEpochsOrderInAFreshLoader() {
    DataLoader a = new DataLoader(data(30), 4).shuffle(3);
    epoch(a);
    epoch(a);
    assertEquals(2, a.epoch());
    List<Integer> third = epoch(a);
    DataLoader resumed = new DataLoader(data(30), 4).shuffle(3).setEpoch(2);
    assertEquals(third, epoch(resumed));
    assertEquals(3, resumed.epoch());
    assertThrows(IllegalArgumentException.class, () -> resumed.setEpoch(-1));
  }

  @Test
  void fullBatchesReuseTheirTensorsAndThePartialBatchHasItsOwn() {
    DataLoader loader = new DataLoader(data(10), 4);
    for (int e = 0; e < 2; e++) {
      List<Tensor[]> batches = new ArrayList<>();
      List<float[]> labels = new ArrayList<>();
      for (Tensor[] b : loader) {
        batches.add(b);
        labels.add(b[1].toFloatArray());
      }
      assertSame(batches.get(0)[0], batches.get(1)[0]);
      assertSame(batches.get(0)[1], batches.get(1)[1]);
      assertNotSame(batches.get(0)[0], batches.get(2)[0]);
      assertArrayEquals(new float[] {0, 1, 2, 3}, labels.get(0));
      assertArrayEquals(new float[] {4, 5, 6, 7}, labels.get(1));
      assertArrayEquals(new float[] {8, 9}, labels.get(2));
      // the reused tensor now holds the last full batch
      assertArrayEquals(new float[] {4, 5, 6, 7}, batches.get(0)[1].toFloatArray());
    }
    List<Tensor> first = new ArrayList<>();
    List<Tensor> second = new ArrayList<>();
    loader.forEach(b -> first.add(b[0]));
    loader.forEach(b -> second.add(b[0]));
    assertEquals(first, second);
  }

  @Test
  void exhaustedIteratorsAndBadBatchSizesThrow() {
    Iterator<Tensor[]> it = new DataLoader(data(2), 2).iterator();
    it.next();
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    assertThrows(IllegalArgumentException.class, () -> new DataLoader(data(2), 0));
    assertThrows(IllegalArgumentException.class, () -> new DataLoader(data(2), -1));
  }
}
