package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.data.TensorDataset;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
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

    double[] expected = singleProcess(data, 2);
    MnistClassifier ref = reference;
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

  private MnistClassifier reference;

  /** The single-process run: same seed, batches of WORKERS * BATCH rows from Shards. */
  private double[] singleProcess(TensorDataset data, int epochs) {
    Rng.manualSeed(SEED);
    MnistClassifier model = MnistClassifier.create();
    reference = model;
    Sgd opt = new Sgd(model.parameters(), 0.1f);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    float[] px = data.tensors()[0].toFloatArray();
    float[] labels = data.tensors()[1].toFloatArray();
    int steps = Shards.steps(ROWS, WORKERS, BATCH);
    double[] losses = new double[steps * epochs];
    for (int e = 0; e < epochs; e++) {
      int[][] batches = Shards.globalBatches(ROWS, WORKERS, BATCH, SEED, e);
      for (int t = 0; t < steps; t++) {
        int[] b = batches[t];
        float[] x = new float[b.length * 784];
        float[] y = new float[b.length];
        for (int j = 0; j < b.length; j++) {
          System.arraycopy(px, b[j] * 784, x, j * 784, 784);
          y[j] = labels[b[j]];
        }
        Tensor loss = lossFn.apply(
            model.forward(new Tensor(Device.cpu(), new CpuBuffer(x), b.length, 1, 28, 28)),
            Tensor.of(y, b.length));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        losses[e * steps + t] = loss.item();
      }
    }
    return losses;
  }
}
