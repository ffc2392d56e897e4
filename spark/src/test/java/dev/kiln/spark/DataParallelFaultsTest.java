package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataParallelFaultsTest {
  /** Set by the test: worker 1's third forward then throws, once. */
  static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();
  static final AtomicInteger FAILURES = new AtomicInteger();
  static final AtomicInteger CALLS = new AtomicInteger();

  @TempDir Path dir;

  static Tensor forward(MnistClassifier model, Tensor x) {
    TaskContext task = TaskContext.get();
    int call = task != null && task.partitionId() == 1 ? CALLS.incrementAndGet() : 0;
    if (call == 3 && FAIL_ONCE.compareAndSet(true, false)) {
      FAILURES.incrementAndGet();
      throw new IllegalStateException("injected failure in worker 1's third step (attempt "
          + task.stageAttemptNumber() + ")");
    }
    return model.forward(x);
  }

  private static DataParallel.Result<MnistClassifier> fit(Dataset<Row> rows) {
    return DataParallel.of(MnistClassifier::create, DataParallelFaultsTest::forward)
        .inputShape(1, 28, 28).loss(CrossEntropyLoss::new)
        .optimizer(p -> new Adam(p, 1e-3f)).workers(2).batchSize(16).epochs(1).seed(5)
        .fit(rows, "image", "label");
  }

  /**
   * A worker that fails mid-run fails its barrier stage; Spark relaunches every task of the
   * stage, training restarts from the broadcast initial weights, and the result is the clean
   * run's, bit for bit (losses, weights). The other worker, blocked in the exchange, is released
   * by the failed worker's closed socket instead of hanging.
   */
  @Test
  void aWorkerFailedOnceMidRunIsRetriedAndEndsWhereTheCleanRunEnds() throws Exception {
    Dataset<Row> rows = FashionSample.rows(FashionSample.load(dir, true), 200, 1);
    FAIL_ONCE.set(false);
    DataParallel.Result<MnistClassifier> clean = fit(rows);
    FAILURES.set(0);
    CALLS.set(0);
    FAIL_ONCE.set(true);
    long t0 = System.nanoTime();
    DataParallel.Result<MnistClassifier> retried = fit(rows);
    System.out.printf("data-parallel with one failed worker: %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    assertEquals(1, FAILURES.get(), "one worker failed");
    assertEquals(3 + clean.losses().length, CALLS.get(),
        "worker 1 ran 3 steps, failed, then all steps again");
    assertArrayEquals(clean.losses(), retried.losses());
    assertEquals(clean.fingerprints()[0], retried.fingerprints()[0]);
    Map<String, Tensor> a = clean.model().stateDict();
    Map<String, Tensor> b = retried.model().stateDict();
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }
  }
}
