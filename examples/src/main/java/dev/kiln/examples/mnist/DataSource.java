package dev.kiln.examples.mnist;

import dev.kiln.data.Mnist;
import dev.kiln.data.TensorDataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Which images the examples use: {@code --data DIR} if given, else Debian's full Fashion-MNIST
 * ({@code apt-get install dataset-fashion-mnist}), else the sample bundled with the examples
 * (the first 6,000 training and 1,000 test images of Fashion-MNIST).
 */
public record DataSource(String description, TensorDataset train, TensorDataset test) {
  private static final String SAMPLE = "fashion-mnist-sample/";
  private static final String[] FILES = {"train-images-idx3-ubyte.gz",
      "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

  public static DataSource choose(Path data) throws IOException {
    if (data != null) {
      if (!Mnist.present(data)) {
        throw new IOException("--data " + data + ": expected train-images-idx3-ubyte,"
            + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte"
            + " (each optionally .gz) in that directory");
      }
      return load("MNIST-format files in " + data, data);
    }
    if (Mnist.present(Mnist.DEBIAN_DIR)) {
      return load("Fashion-MNIST (60,000 train / 10,000 test) from " + Mnist.DEBIAN_DIR,
          Mnist.DEBIAN_DIR);
    }
    return load("the bundled Fashion-MNIST sample (6,000 train / 1,000 test); for the full set"
        + " run 'apt-get install dataset-fashion-mnist' or pass --data DIR", extractSample());
  }

  private static DataSource load(String description, Path dir) throws IOException {
    return new DataSource(description, Mnist.load(dir, true), Mnist.load(dir, false));
  }

  /** Copies the bundled sample from the class path into a temporary directory. */
  static Path extractSample() throws IOException {
    Path dir = Files.createTempDirectory("kiln-fashion-sample");
    for (String f : FILES) {
      try (InputStream in = DataSource.class.getClassLoader().getResourceAsStream(SAMPLE + f)) {
        if (in == null) {
          throw new IOException("the bundled sample is missing " + SAMPLE + f);
        }
        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      dir.resolve(f).toFile().deleteOnExit();
    }
    dir.toFile().deleteOnExit();
    return dir;
  }
}
