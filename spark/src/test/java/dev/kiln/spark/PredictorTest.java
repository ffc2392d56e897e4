package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorTest {
  @TempDir Path dir;

  @Test
  void predictionsEqualSingleJvmRowForRow() throws Exception {
    SparkSession spark = LocalSpark.get();
    Rng.manualSeed(7);
    MnistClassifier model = MnistClassifier.create();
    Path weights = dir.resolve("w.safetensors");
    SafeTensors.save(model.stateDict(), weights);
    int n = 1000;
    float[] pixels = new float[n * 784];
    Rng.uniform(pixels, 0, 1);
    model.eval();
    Tensor logits = GradMode.noGrad(() -> model.forward(Tensor.of(pixels, n, 1, 28, 28)));
    float[] expectedLogits = logits.toFloatArray();
    float[] expected = logits.argmax(1).toFloatArray();

    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] px = java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784);
      rows.add(RowFactory.create((long) i, px));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(4);
    long t0 = System.nanoTime();
    List<Row> out = Predictor.of(MnistClassifier::create, MnistClassifier::forward)
        .weights(weights).inputShape(1, 28, 28).batchSize(100).outputColumn("logits")
        .transform(df, "pixels").collectAsList();
    System.out.println("scored in " + (System.nanoTime() - t0) / 1e6 + " ms");
    assertEquals(n, out.size());
    boolean[] seen = new boolean[n];
    for (Row r : out) {
      int id = (int) r.getLong(0);
      assertTrue(!seen[id]);
      seen[id] = true;
      assertEquals((int) expected[id], r.getInt(2), "row " + id);
      List<Float> l = r.getList(3);
      float[] got = new float[10];
      for (int j = 0; j < 10; j++) {
        got[j] = l.get(j);
      }
      assertArrayEquals(java.util.Arrays.copyOfRange(expectedLogits, id * 10, id * 10 + 10), got,
          1e-5f, "row " + id);
    }
  }

  /**
   * keepColumns passes through only the named columns, in that order, with their values (a
   * string included: Spark's internal strings are copied, as the input rows are reused), and
   * the predictions are those of the default transform.
   */
  @Test
  void keepColumnsPassesThroughTheNamedColumnsOnly() throws Exception {
    SparkSession spark = LocalSpark.get();
    Rng.manualSeed(8);
    Path weights = dir.resolve("w.safetensors");
    SafeTensors.save(MnistClassifier.create().stateDict(), weights);
    int n = 200;
    float[] pixels = new float[n * 784];
    Rng.uniform(pixels, 0, 1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create((long) i, "row " + i,
          java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("name", DataTypes.StringType)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
    Predictor<MnistClassifier> p = Predictor.of(MnistClassifier::create, MnistClassifier::forward)
        .weights(weights).inputShape(1, 28, 28).batchSize(64);
    int[] expected = new int[n];
    for (Row r : p.transform(df, "pixels").collectAsList()) {
      expected[(int) r.getLong(0)] = r.getInt(3);
    }
    Dataset<Row> kept = p.keepColumns("name", "id").transform(df, "pixels");
    assertEquals(List.of("name", "id", "prediction"), List.of(kept.schema().fieldNames()));
    List<Row> out = kept.collectAsList();
    assertEquals(n, out.size());
    for (Row r : out) {
      int id = (int) r.getLong(1);
      assertEquals("row " + id, r.getString(0));
      assertEquals(expected[id], r.getInt(2), "row " + id);
    }
  }
}
