package dev.kiln.spark.examples;

import dev.kiln.data.TensorDataset;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.mnist.DataSource;
import dev.kiln.io.SafeTensors;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.optim.Sgd;
import dev.kiln.spark.DataParallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains the flagship's classifier for one epoch on Spark ({@code local[2]}): 2 workers, 32 rows
 * each per step, Sgd(lr 0.1), seed 0, then replays the same run in one process with batches of
 * 64 and compares losses and test accuracy. Options: {@code --workers N} (2),
 * {@code --batch-size N} (32 per worker), {@code --epochs N} (1), {@code --lr X} (0.1),
 * {@code --seed N} (0), {@code --master M} (local[N]), {@code --data DIR}, {@code --all-gather
 * true} (exchange through Spark's allGather, for comparison).
 */
public final class TrainFashionMnist {
  private TrainFashionMnist() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Local.options(args, "options: --workers N --batch-size N --epochs N"
        + " --lr X --seed N --master M --data DIR --all-gather true");
    int workers = Integer.parseInt(o.getOrDefault("workers", "2"));
    int batch = Integer.parseInt(o.getOrDefault("batch-size", "32"));
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "1"));
    float lr = Float.parseFloat(o.getOrDefault("lr", "0.1"));
    long seed = Long.parseLong(o.getOrDefault("seed", "0"));
    DataSource data = DataSource.choose(Local.data(o));
    System.out.println("data: " + data.description());
    SparkSession spark = Local.spark(o.getOrDefault("master", "local[" + workers + "]"));
    try {
      Dataset<Row> train = Local.rows(spark, data.train(), 1);
      train.count();
      DataParallel.Result<MnistClassifier> r =
          DataParallel.of(MnistClassifier::create, MnistClassifier::forward)
              .inputShape(1, 28, 28)
              .loss(CrossEntropyLoss::new)
              .optimizer(params -> new Sgd(params, lr))
              .workers(workers).batchSize(batch).epochs(epochs).seed(seed)
              .exchangeThroughAllGather(Boolean.parseBoolean(o.getOrDefault("all-gather", "false")))
              .fit(train, "image", "label");
      Path out = Path.of("kiln-output");
      Files.createDirectories(out);
      SafeTensors.save(r.model().stateDict(), out.resolve("mnist-classifier-spark.safetensors"));
      double sparkAcc = accuracy(r.model(), data.test());
      int steps = r.losses().length;
      System.out.printf(Locale.ROOT, "Spark %s, %d workers x %d rows, %d steps: final loss %.4f,"
          + " test accuracy %.2f%%, %.0f samples/s (%.1f s; slowest worker: setup %.1f s, compute"
          + " %.1f s, exchange and waiting %.1f s); replicas identical: %s%n",
          spark.sparkContext().master(), workers, batch, steps, r.losses()[steps - 1],
          100 * sparkAcc, r.samplesPerSecond(), r.seconds(), r.setupSeconds(), r.computeSeconds(),
          r.exchangeSeconds(), java.util.Arrays.stream(r.fingerprints()).distinct().count() == 1);
      Replay single = new Replay(data.train(), workers, batch, lr, seed, epochs);
      double singleAcc = accuracy(single.model, data.test());
      double maxDiff = 0;
      for (int t = 0; t < steps; t++) {
        maxDiff = Math.max(maxDiff, Math.abs(single.losses[t] - r.losses()[t]));
      }
      System.out.printf(Locale.ROOT, "one process, batch %d, same rows: final loss %.4f, test"
          + " accuracy %.2f%%, %.0f samples/s; largest loss difference over %d steps: %.2e%n",
          workers * batch, single.losses[steps - 1], 100 * singleAcc,
          data.train().size() * (double) epochs / single.seconds, steps, maxDiff);
      System.out.println("weights: " + out.resolve("mnist-classifier-spark.safetensors")
          .toAbsolutePath());
    } finally {
      spark.stop();
    }
  }

  static double accuracy(MnistClassifier model, TensorDataset test) throws Exception {
    Path tmp = Files.createTempFile("kiln", ".safetensors");
    try {
      SafeTensors.save(model.stateDict(), tmp);
      return ScoreFashionMnist.singleJvm(tmp, test);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
