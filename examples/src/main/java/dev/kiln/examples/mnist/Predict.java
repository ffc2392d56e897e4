package dev.kiln.examples.mnist;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Mnist;
import dev.kiln.data.TensorDataset;
import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads the weights saved by {@link TrainMnist} into a fresh model and classifies the first test
 * images, printing predicted versus true labels. Takes the same {@code --data}/{@code --out}.
 */
public final class Predict {
  private static final int COUNT = 10;

  private Predict() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    run(o.out().resolve(MnistTraining.WEIGHTS), DataSource.choose(o.data()).test(), System.out);
  }

  /** Classifies the first images of {@code test}; returns how many were right. */
  public static int run(Path weights, TensorDataset test, PrintStream out) throws IOException {
    return run(Recipe.MLP, weights, test, out);
  }

  /** Classifies the first images of {@code test} with {@code r}'s model and saved weights. */
  public static <M extends dev.kiln.nn.Module> int run(Recipe<M> r, Path weights,
      TensorDataset test, PrintStream out) throws IOException {
    if (!Files.exists(weights)) {
      throw new NoSuchFileException(weights.toString(), null,
          "no saved weights; train first with the README's first command");
    }
    M model = r.create().get();
    model.loadStateDict(SafeTensors.load(weights));
    model.eval();
    Tensor[] batch = new DataLoader(test, COUNT).iterator().next();
    int n = batch[1].numel();
    float[] labels = batch[1].toFloatArray();
    float[] predicted = GradMode.noGrad(() -> r.apply(model, batch[0])).argmax(1).toFloatArray();
    out.println("weights: " + weights.toAbsolutePath());
    int right = 0;
    for (int i = 0; i < n; i++) {
      boolean ok = predicted[i] == labels[i];
      right += ok ? 1 : 0;
      out.printf(Locale.ROOT, "image %d: predicted %-11s true %-11s %s%n", i,
          Mnist.FASHION_CLASSES[(int) predicted[i]], Mnist.FASHION_CLASSES[(int) labels[i]],
          ok ? "ok" : "WRONG");
    }
    out.printf(Locale.ROOT, "%d of %d correct%n", right, n);
    return right;
  }
}
