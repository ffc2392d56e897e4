package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.TensorDataset;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.optim.Sgd;
import dev.kiln.spark.examples.Replay;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataParallelTest {
  private static final int ROWS = 999;
  private static final int WORKERS = 2;
  private static final int BATCH = 32;
  private static final long SEED = 3;

  @TempDir Path dir;

  /**
   * Two workers with batch 32 follow one process with batch 64 on the same rows: same loss at
   * every step and same final weights, within float reduction order; the replicas are bitwise
   * identical. 999 rows make unequal shards (500 and 499) and a short last step.
   */
  @Test
  void twoWorkersFollowOneProcessWithTheCombinedBatch() throws Exception {
    TensorDataset data = FashionSample.load(dir, true);
    Dataset<Row> rows = FashionSample.rows(data, ROWS, 1);
    DataParallel.Result<MnistClassifier> r =
        DataParallel.of(MnistClassifier::create, MnistClassifier::forward)
            .inputShape(1, 28, 28).loss(CrossEntropyLoss::new)
            .optimizer(p -> new Sgd(p, 0.1f))
            .workers(WORKERS).batchSize(BATCH).epochs(2).seed(SEED)
            .fit(rows, "image", "label");
    System.out.printf("data-parallel: %.1f s, compute %.1f s, exchange %.1f s%n", r.seconds(),
        r.computeSeconds(), r.exchangeSeconds());
    assertEquals(r.fingerprints()[0], r.fingerprints()[1]);

    Tensor[] all = data.tensors();
    TensorDataset first = new TensorDataset(
        Tensor.of(Arrays.copyOf(all[0].toFloatArray(), ROWS * 784), ROWS, 1, 28, 28),
        Tensor.of(Arrays.copyOf(all[1].toFloatArray(), ROWS), ROWS));
    Replay replay = new Replay(first, WORKERS, BATCH, 0.1f, SEED, 2);
    double[] expected = replay.losses;
    MnistClassifier ref = replay.model;
    assertEquals(expected.length, r.losses().length);
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], r.losses()[t], 1e-5 + 1e-4 * Math.abs(expected[t]),
          "loss of step " + t);
    }
    assertTrue(expected[expected.length - 1] < expected[0] - 0.5, "the loss falls");
    Map<String, Tensor> got = r.model().stateDict();
    for (Map.Entry<String, Tensor> e : ref.stateDict().entrySet()) {
      float[] a = got.get(e.getKey()).toFloatArray();
      float[] b = e.getValue().toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertEquals(b[i], a[i], 1e-5 + 1e-4 * Math.abs(b[i]), e.getKey() + "[" + i + "]");
      }
    }
  }
}
