package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorFaultsTest {
  /** Set by the test; the first task to pass row 150 of its partition then fails once. */
  static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();
  static final AtomicInteger FAILURES = new AtomicInteger();

  @TempDir Path dir;
  Path weights;

  @BeforeEach
  void saveWeights() throws Exception {
    Rng.manualSeed(11);
    weights = dir.resolve("w.safetensors");
    SafeTensors.save(MnistClassifier.create().stateDict(), weights);
  }

  private static Predictor<MnistClassifier> predictor(Path weights) {
    return Predictor.of(MnistClassifier::create, MnistClassifier::forward)
        .weights(weights).inputShape(1, 28, 28).batchSize(64);
  }

  /**
   * A task that fails mid-partition, after its first batches went downstream, is retried:
   * every row comes out exactly once, with the prediction of the run without a failure.
   */
  @Test
  void aTaskFailedOnceMidPartitionIsRetriedWithoutLostOrDuplicatedRows() throws Exception {
    Dataset<Row> rows = FashionSample.rows(FashionSample.load(dir, false), 600, 2);
    List<Row> clean = predictor(weights).transform(rows, "image").select("id", "prediction")
        .collectAsList();
    Dataset<Row> flaky = rows.map((MapFunction<Row, Row>) PredictorFaultsTest::failOnce,
        Encoders.row(rows.schema()));
    FAIL_ONCE.set(true);
    FAILURES.set(0);
    List<Row> retried = predictor(weights).transform(flaky, "image").select("id", "prediction")
        .collectAsList();
    assertEquals(1, FAILURES.get(), "one task failed");
    assertEquals(600, retried.size());
    int[] seen = new int[600];
    int[] expected = new int[600];
    for (Row r : clean) {
      expected[(int) r.getLong(0)] = r.getInt(1);
    }
    for (Row r : retried) {
      int id = (int) r.getLong(0);
      seen[id]++;
      assertEquals(expected[id], r.getInt(1), "row " + id);
    }
    for (int i = 0; i < 600; i++) {
      assertEquals(1, seen[i], "row " + i + " seen once");
    }
  }

  private static final ThreadLocal<Integer> SEEN = ThreadLocal.withInitial(() -> 0);
  private static final ThreadLocal<Long> TASK = new ThreadLocal<>();

  static Row failOnce(Row r) {
    long task = TaskContext.get().taskAttemptId();
    if (TASK.get() == null || TASK.get() != task) {
      TASK.set(task);
      SEEN.set(0);
    }
    SEEN.set(SEEN.get() + 1);
    if (SEEN.get() == 150 && FAIL_ONCE.compareAndSet(true, false)) {
      FAILURES.incrementAndGet();
      throw new IllegalStateException("injected failure at row 150 of task " + task);
    }
    return r;
  }

  @Test
  void eachRunningTaskBuildsOneModelNotOnePerRowOrBatch() throws Exception {
    Dataset<Row> rows = FashionSample.rows(FashionSample.load(dir, false), 1000, 8);
    int before = Replicas.built();
    assertEquals(1000, predictor(weights).transform(rows, "image").count());
    int built = Replicas.built() - before;
    assertTrue(built >= 1 && built <= 2, "8 partitions on 2 task threads built " + built);
  }

  @Test
  void aMissingWeightsFileFailsOnTheDriverWithKilnsMessage() {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> rows = spark.sql("SELECT array(0.5f) AS x");
    Path missing = dir.resolve("nope.safetensors");
    KilnSparkException e = assertThrows(KilnSparkException.class,
        () -> predictor(missing).transform(rows, "x"));
    assertEquals("weights file " + missing + " does not exist (or is not a file)", e.getMessage());
  }

  @Test
  void aMalformedWeightsFileFailsOnTheDriverWithKilnsMessage() throws Exception {
    Dataset<Row> rows = LocalSpark.get().sql("SELECT array(0.5f) AS x");
    Path bad = dir.resolve("bad.safetensors");
    Files.write(bad, new byte[] {1, 2, 3});
    KilnSparkException e = assertThrows(KilnSparkException.class,
        () -> predictor(bad).transform(rows, "x"));
    assertTrue(e.getMessage().startsWith("cannot load weights: "), e.getMessage());
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated: 3 bytes"), e.getMessage());
  }

  @Test
  void weightsOfAnotherModelFailOnTheDriverNamingTheKeys() throws Exception {
    Dataset<Row> rows = LocalSpark.get().sql("SELECT array(0.5f) AS x");
    Path other = dir.resolve("other.safetensors");
    SafeTensors.save(Map.of("weight", new Linear(3, 2).weight()), other);
    KilnSparkException e = assertThrows(KilnSparkException.class,
        () -> predictor(other).transform(rows, "x"));
    assertTrue(e.getMessage().contains("network.1.weight"), e.getMessage());
  }

  @Test
  void aWrongColumnTypeFailsOnTheDriver() {
    Dataset<Row> rows = LocalSpark.get().sql("SELECT 'text' AS x");
    KilnSparkException e = assertThrows(KilnSparkException.class,
        () -> predictor(weights).transform(rows, "x"));
    assertEquals("input column 'x' has type string; expected array<float>, array<double> or"
        + " binary", e.getMessage());
  }
}
