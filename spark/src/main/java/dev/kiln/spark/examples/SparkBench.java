package dev.kiln.spark.examples;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.mnist.DataSource;
import dev.kiln.io.SafeTensors;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.spark.DataParallel;
import dev.kiln.spark.Predictor;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The README's tables: batch-inference rows/s on Spark by partition count against one JVM's
 * {@code GradMode.noGrad()} loop over the same rows, and training samples/s of DataParallel
 * against the single-process run. Options: {@code --master M} (local[2]), {@code --data DIR},
 * {@code --repeats N} (3, best taken).
 */
public final class SparkBench {
  private SparkBench() {}

  /** The row with its image as bytes {@code round(255 * v)}, as an IDX file holds it. */
  static Row toBytes(Row r) {
    java.util.List<Float> v = r.getList(1);
    byte[] b = new byte[v.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Math.round(v.get(i) * 255);
    }
    return RowFactory.create(r.get(0), b);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Local.options(args, "options: --master M --data DIR --repeats N");
    int repeats = Integer.parseInt(o.getOrDefault("repeats", "3"));
    DataSource data = DataSource.choose(Local.data(o));
    System.out.println("data: " + data.description());
    SparkSession spark = Local.spark(o.getOrDefault("master", "local[2]"));
    try {
      Rng.manualSeed(0);
      MnistClassifier model = MnistClassifier.create();
      Path weights = Files.createTempFile("kiln-bench", ".safetensors");
      SafeTensors.save(model.stateDict(), weights);
      float[] px = data.train().tensors()[0].toFloatArray();
      int n = data.train().size();
      model.eval();
      double single = 0;
      for (int r = 0; r < repeats + 1; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += 1024) {
          int b = Math.min(1024, n - i);
          float[] x = java.util.Arrays.copyOfRange(px, i * 784, (i + b) * 784);
          GradMode.noGrad(() -> model.forward(
              new Tensor(Device.cpu(), new CpuBuffer(x), b, 1, 28, 28))).toFloatArray();
        }
        single = Math.max(single, n / ((System.nanoTime() - t0) / 1e9));
      }
      System.out.printf(Locale.ROOT, "inference, %d rows, batch 1024%n", n);
      System.out.printf(Locale.ROOT, "| one JVM, GradMode.noGrad() | %,.0f rows/s | 100%% |%n",
          single);
      for (int partitions : new int[] {1, 2, 4, 8}) {
        Dataset<Row> rows = Local.rows(spark, data.train(), partitions);
        rows.count();
        Dataset<Row> bytes = rows.map((MapFunction<Row, Row>) SparkBench::toBytes,
            Encoders.row(new StructType().add("id", DataTypes.LongType)
                .add("image", DataTypes.BinaryType))).cache();
        bytes.count();
        for (Dataset<Row> in : java.util.List.of(rows, bytes)) {
          double best = 0;
          for (int r = 0; r < repeats + 1; r++) {
            long t0 = System.nanoTime();
            Predictor.of(MnistClassifier::create, MnistClassifier::forward).weights(weights)
                .inputShape(1, 28, 28).transform(in, "image")
                .agg(functions.sum("prediction")).collectAsList();
            best = Math.max(best, n / ((System.nanoTime() - t0) / 1e9));
          }
          System.out.printf(Locale.ROOT, "| Spark %s, %d partitions, %s | %,.0f rows/s | %.0f%% |%n",
              spark.sparkContext().master(), partitions,
              in == rows ? "array<float>" : "binary", best, 100 * best / single);
        }
        bytes.unpersist();
        rows.unpersist();
      }
      Files.deleteIfExists(weights);

      System.out.printf(Locale.ROOT, "%ntraining, %d rows, 1 epoch, Sgd(0.1)%n", n);
      Dataset<Row> train = Local.rows(spark, data.train(), 1);
      for (int batch : new int[] {32, 256}) {
        Replay single1 = new Replay(data.train(), 2, batch, 0.1f, 0, 1);
        DataParallel.Result<MnistClassifier> r =
            DataParallel.of(MnistClassifier::create, MnistClassifier::forward)
                .inputShape(1, 28, 28).loss(CrossEntropyLoss::new)
                .optimizer(p -> new Sgd(p, 0.1f)).workers(2).batchSize(batch).seed(0)
                .fit(train, "image", "label");
        System.out.printf(Locale.ROOT, "| one process, batch %d | %,.0f samples/s |%n", 2 * batch,
            n / single1.seconds);
        System.out.printf(Locale.ROOT, "| Spark, 2 workers x %d | %,.0f samples/s (job %.1f s;"
            + " slowest worker: compute %.1f s, exchange and waiting %.1f s) |%n", batch,
            r.samplesPerSecond(), r.seconds(), r.computeSeconds(), r.exchangeSeconds());
      }
    } finally {
      spark.stop();
    }
  }
}
