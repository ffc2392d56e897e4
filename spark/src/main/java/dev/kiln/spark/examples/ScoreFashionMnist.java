package dev.kiln.spark.examples;

import dev.kiln.data.DataLoader;
import dev.kiln.data.TensorDataset;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.mnist.DataSource;
import dev.kiln.io.SafeTensors;
import dev.kiln.spark.KilnSparkException;
import dev.kiln.spark.Predictor;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Scores the whole Fashion-MNIST test set on Spark ({@code local[2]}) with the weights the
 * flagship saved, and checks the accuracy against the same model in one JVM. Options:
 * {@code --weights FILE} (kiln-output/mnist-classifier.safetensors), {@code --partitions N} (2),
 * {@code --master M} (local[2]), {@code --data DIR}.
 */
public final class ScoreFashionMnist {
  private ScoreFashionMnist() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Local.options(args, "options: --weights FILE --partitions N"
        + " --master M --data DIR");
    Path weights = Path.of(o.getOrDefault("weights", "kiln-output/mnist-classifier.safetensors"));
    int partitions = Integer.parseInt(o.getOrDefault("partitions", "2"));
    DataSource data = DataSource.choose(Local.data(o));
    System.out.println("data: " + data.description());
    SparkSession spark = Local.spark(o.getOrDefault("master", "local[2]"));
    try {
      Dataset<Row> images = Local.rows(spark, data.test(), partitions);
      long n = images.count();
      long t0 = System.nanoTime();
      Dataset<Row> scored;
      try {
        scored = Predictor.of(MnistClassifier::create, MnistClassifier::forward)
            .weights(weights)
            .inputShape(1, 28, 28)
            .transform(images, "image");
      } catch (KilnSparkException e) {
        System.err.println(e.getMessage() + "\n(train the flagship first: the README's first"
            + " command writes kiln-output/mnist-classifier.safetensors)");
        System.exit(1);
        return;
      }
      long correct = scored.filter(functions.col("prediction").equalTo(functions.col("label")))
          .count();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double single = singleJvm(weights, data.test());
      System.out.printf(Locale.ROOT, "Spark %s, %d partitions: %d of %d test images right,"
          + " accuracy %.2f%% (%.1f s)%n", spark.sparkContext().master(), partitions, correct, n,
          100.0 * correct / n, seconds);
      System.out.printf(Locale.ROOT, "one JVM, same weights: accuracy %.2f%%%n", 100 * single);
    } finally {
      spark.stop();
    }
  }

  /** The flagship's own evaluation: batches of 1000 without gradients. */
  static double singleJvm(Path weights, TensorDataset test) throws Exception {
    MnistClassifier model = MnistClassifier.create();
    model.loadStateDict(SafeTensors.load(weights));
    model.eval();
    long correct = 0;
    for (Tensor[] b : new DataLoader(test, 1000)) {
      correct += (long) GradMode.noGrad(() -> model.forward(b[0])).argmax(1).eq(b[1]).sum().item();
    }
    return (double) correct / test.size();
  }
}
