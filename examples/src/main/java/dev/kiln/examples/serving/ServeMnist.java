package dev.kiln.examples.serving;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.mnist.MnistTraining;
import dev.kiln.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Serves the MNIST flagship's saved weights over HTTP on the loopback address until stopped:
 * {@code --weights PATH} (default {@code kiln-output/mnist-classifier.safetensors}),
 * {@code --port N} (default 8080), {@code --threads N} (default 8).
 */
public final class ServeMnist {
  private ServeMnist() {}

  public static void main(String[] args) throws Exception {
    Path weights = Path.of("kiln-output").resolve(MnistTraining.WEIGHTS);
    int port = 8080;
    int threads = 8;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--weights" -> weights = Path.of(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --weights PATH, --port N, --threads N");
      }
    }
    MnistClassifier model = load(weights);
    ClassifierService service = ClassifierService.start(model, port, threads);
    System.out.println("serving " + weights.toAbsolutePath() + " on http://127.0.0.1:"
        + service.port() + "/predict with " + threads + " threads; try:");
    System.out.println("  curl -s -d \"{\\\"images\\\": [[$(seq -s, 0 783 | sed 's/[0-9]*/0.5/g')]]}\""
        + " http://127.0.0.1:" + service.port() + "/predict");
    Thread.currentThread().join();
  }

  /** The classifier with the weights at {@code weights}, strictly loaded. */
  static MnistClassifier load(Path weights) throws java.io.IOException {
    if (!Files.exists(weights)) {
      throw new NoSuchFileException(weights.toString(), null,
          "no saved weights; train first with the README's first command");
    }
    MnistClassifier model = MnistClassifier.create();
    model.loadStateDict(SafeTensors.load(weights));
    return model;
  }
}
