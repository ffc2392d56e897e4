package dev.kiln.spark.examples;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.backend.cpu.CpuThreads;
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
 * {@code --repeats N} (3, best taken), {@code --only inference|training},
 * {@code --partitions 1,2,4,8}, {@code --task-threads 0,2} (the Spark tasks' kernel threads, 0: the task's cores),
 * {@code --scale K} (5), {@code --warmup N} (2), {@code --variants 012} (all columns, id only,
 * binary id only), {@code --batch-size N} (1024), {@code --verbose true},
 * {@code --train-batches 32,256} (rows per worker per step).
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

  /** CPU time of this JVM, all threads (Spark's included). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** One measured configuration: runs once, returns the rows it scored. */
  private interface Run {
    long run() throws Exception;
  }

  /**
   * Inference rows/s and CPU time per row: one JVM's noGrad loop and every Spark configuration,
   * interleaved (each round runs each once; warm-up rounds first, then the best of the measured
   * rounds), over the training set read {@code --scale} times (Spark: that many copies of the
   * cached rows, coalesced to the partition count; one JVM: that many passes).
   */
  static void inference(SparkSession spark, DataSource data, MnistClassifier model, Path weights,
      Map<String, String> o) throws Exception {
    int repeats = Integer.parseInt(o.getOrDefault("repeats", "3"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "2"));
    int scale = Integer.parseInt(o.getOrDefault("scale", "5"));
    int batch = Integer.parseInt(o.getOrDefault("batch-size", "1024"));
    boolean verbose = Boolean.parseBoolean(o.getOrDefault("verbose", "false"));
    int[] partitionCounts = ints(o.getOrDefault("partitions", "1,2,4,8"));
    int[] threadCounts = ints(o.getOrDefault("task-threads", "0"));
    String variants = o.getOrDefault("variants", "012");
    float[] px = data.train().tensors()[0].toFloatArray();
    int n = data.train().size();
    model.eval();
    int baselineThreads = CpuThreads.get();

    Dataset<Row> floats = Local.rows(spark, data.train(), 8);
    floats.count();
    Dataset<Row> bytes = floats.map((MapFunction<Row, Row>) SparkBench::toBytes,
        Encoders.row(new StructType().add("id", DataTypes.LongType)
            .add("image", DataTypes.BinaryType))).cache();
    bytes.count();

    java.util.List<String> names = new java.util.ArrayList<>();
    java.util.List<Run> runs = new java.util.ArrayList<>();
    names.add(String.format(Locale.ROOT, "one JVM, GradMode.noGrad(), batch %d, %d kernel threads",
        batch, baselineThreads));
    runs.add(() -> {
      for (int k = 0; k < scale; k++) {
        for (int i = 0; i < n; i += batch) {
          int b = Math.min(batch, n - i);
          float[] x = java.util.Arrays.copyOfRange(px, i * 784, (i + b) * 784);
          GradMode.noGrad(() -> model.forward(
              new Tensor(Device.cpu(), new CpuBuffer(x), b, 1, 28, 28))).toFloatArray();
        }
      }
      return (long) scale * n;
    });
    names.add(String.format(Locale.ROOT, "one JVM, 2 threads with a model each, batch %d,"
        + " 1 kernel thread (Spark's plan without Spark)", batch));
    MnistClassifier second = MnistClassifier.create();
    second.loadStateDict(model.stateDict());
    second.eval();
    runs.add(() -> {
      CpuThreads.set(1);
      try {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
            .newFixedThreadPool(2);
        try {
          java.util.List<java.util.concurrent.Future<?>> halves = new java.util.ArrayList<>();
          for (int h = 0; h < 2; h++) {
            MnistClassifier m = h == 0 ? model : second;
            int from = h * (n / 2);
            int to = h == 0 ? n / 2 : n;
            halves.add(pool.submit(() -> {
              for (int k = 0; k < scale; k++) {
                for (int i = from; i < to; i += batch) {
                  int b = Math.min(batch, to - i);
                  float[] x = java.util.Arrays.copyOfRange(px, i * 784, (i + b) * 784);
                  GradMode.noGrad(() -> m.forward(
                      new Tensor(Device.cpu(), new CpuBuffer(x), b, 1, 28, 28))).toFloatArray();
                }
              }
            }));
          }
          for (java.util.concurrent.Future<?> f : halves) {
            f.get();
          }
        } finally {
          pool.shutdown();
        }
      } finally {
        CpuThreads.set(baselineThreads);
      }
      return (long) scale * n;
    });
    for (int partitions : partitionCounts) {
      for (int v = 0; v < 3; v++) {
        if (variants.indexOf((char) ('0' + v)) < 0) {
          continue;
        }
        Dataset<Row> base = v == 2 ? bytes : floats;
        Dataset<Row> copies = base;
        for (int k = 1; k < scale; k++) {
          copies = copies.union(base);
        }
        Dataset<Row> in = copies.coalesce(partitions);
        boolean all = v == 0;
        for (int threads : threadCounts) {
          names.add(String.format(Locale.ROOT, "Spark %s, %d partitions, %s, %s, kernelThreads(%d)",
              spark.sparkContext().master(), partitions, v == 2 ? "binary" : "array<float>",
              all ? "all columns kept" : "keepColumns(\"id\")", threads));
          runs.add(() -> {
            Predictor<MnistClassifier> p =
                Predictor.of(MnistClassifier::create, MnistClassifier::forward).weights(weights)
                    .inputShape(1, 28, 28).batchSize(batch).kernelThreads(threads);
            if (!all) {
              p.keepColumns("id");
            }
            try {
              p.transform(in, "image").agg(functions.sum("prediction")).collectAsList();
            } finally {
              CpuThreads.set(baselineThreads);
            }
            return (long) scale * n;
          });
        }
      }
    }
    double[] best = new double[runs.size()];
    double[] cpu = new double[runs.size()];
    java.util.Arrays.fill(cpu, Double.MAX_VALUE);
    for (int round = 0; round < warmup + repeats; round++) {
      for (int c = 0; c < runs.size(); c++) {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        long rows = runs.get(c).run();
        double rate = rows / ((System.nanoTime() - t0) / 1e9);
        double us = (cpuNanos() - c0) / 1e3 / rows;
        if (verbose) {
          System.err.printf(Locale.ROOT, "  round %d, %s: %,.0f rows/s, %.1f us/row%n", round,
              names.get(c), rate, us);
        }
        if (round >= warmup) {
          best[c] = Math.max(best[c], rate);
          cpu[c] = Math.min(cpu[c], us);
        }
      }
    }
    System.out.printf(Locale.ROOT, "inference: %,d rows (%d x the training set), best of %d"
        + " rounds after %d warm-up rounds%n| run | rows/s | vs one JVM | CPU us/row |%n"
        + "| --- | --- | --- | --- |%n", (long) scale * n, scale, repeats, warmup);
    for (int c = 0; c < runs.size(); c++) {
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %.0f%% | %.1f |%n", names.get(c), best[c],
          100 * best[c] / best[0], cpu[c]);
    }
    // The fixed cost of one scoring job (planning, code generation, scheduling, task
    // (de)serialization, a model borrowed per task): 1,024 rows in 2 partitions.
    Dataset<Row> few = floats.limit(1024).repartition(2).cache();
    few.count();
    double fixed = Double.MAX_VALUE;
    for (int r = 0; r < 3 + 5; r++) {
      long t0 = System.nanoTime();
      Predictor.of(MnistClassifier::create, MnistClassifier::forward).weights(weights)
          .inputShape(1, 28, 28).keepColumns("id").transform(few, "image")
          .agg(functions.sum("prediction")).collectAsList();
      if (r >= 3) {
        fixed = Math.min(fixed, (System.nanoTime() - t0) / 1e6);
      }
    }
    System.out.printf(Locale.ROOT, "a job of 1,024 rows in 2 partitions: %.0f ms (best of 5)%n",
        fixed);
    few.unpersist();
    bytes.unpersist();
    floats.unpersist();
  }

  private static int[] ints(String list) {
    return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Local.options(args, "options: --master M --data DIR --repeats N"
        + " --only inference|training --partitions 1,2,4,8 --task-threads 0,2 --scale K --warmup N"
        + " --variants 012 --batch-size N --verbose true --train-batches 32,256");
    int repeats = Integer.parseInt(o.getOrDefault("repeats", "3"));
    DataSource data = DataSource.choose(Local.data(o));
    System.out.println("data: " + data.description());
    SparkSession spark = Local.spark(o.getOrDefault("master", "local[2]"));
    try {
      Rng.manualSeed(0);
      MnistClassifier model = MnistClassifier.create();
      Path weights = Files.createTempFile("kiln-bench", ".safetensors");
      SafeTensors.save(model.stateDict(), weights);
      int n = data.train().size();
      boolean inference = !o.getOrDefault("only", "").equals("training");
      boolean training = !o.getOrDefault("only", "").equals("inference");
      if (inference) {
        inference(spark, data, model, weights, o);
      }
      Files.deleteIfExists(weights);

      if (!training) {
        return;
      }
      System.out.printf(Locale.ROOT, "%ntraining, %d rows, 1 epoch, Sgd(0.1)%n| run | samples/s"
          + " | job s | per step: compute ms / exchange and waiting ms (slowest worker) |%n"
          + "| --- | --- | --- | --- |%n", n);
      Dataset<Row> train = Local.rows(spark, data.train(), 1);
      train.count();
      for (int batch : ints(o.getOrDefault("train-batches", "32,256"))) {
        int defaultThreads = CpuThreads.get();
        for (int threads : new int[] {defaultThreads, 1}) {
          CpuThreads.set(threads);
          Replay single1 = new Replay(data.train(), 2, batch, 0.1f, 0, 1);
          CpuThreads.set(defaultThreads);
          System.out.printf(Locale.ROOT, "| one process, batch %d, %d kernel threads | %,.0f |"
              + " %.1f | %.2f / - |%n", 2 * batch, threads, n / single1.seconds,
              single1.seconds, 1e3 * single1.seconds / single1.losses.length);
        }
        for (int threads : ints(o.getOrDefault("task-threads", "0"))) {
          DataParallel.Result<MnistClassifier> r =
              DataParallel.of(MnistClassifier::create, MnistClassifier::forward)
                  .inputShape(1, 28, 28).loss(CrossEntropyLoss::new)
                  .optimizer(p -> new Sgd(p, 0.1f)).workers(2).batchSize(batch).seed(0)
                  .kernelThreads(threads).fit(train, "image", "label");
          int steps = r.losses().length;
          System.out.printf(Locale.ROOT, "| Spark %s, 2 workers x %d, kernelThreads(%d) | %,.0f |"
              + " %.1f (worker setup %.1f) | %.2f / %.2f |%n", spark.sparkContext().master(),
              batch, threads, r.samplesPerSecond(), r.seconds(), r.setupSeconds(),
              1e3 * r.computeSeconds() / steps,
              1e3 * r.exchangeSeconds() / steps);
        }
      }
    } finally {
      spark.stop();
    }
  }
}
