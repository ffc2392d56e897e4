package dev.kiln.examples.mnist;

import java.nio.file.Path;

/**
 * Command-line options of the MNIST examples: {@code --data DIR} (MNIST-format files),
 * {@code --epochs N}, {@code --batch-size N}, {@code --lr X}, {@code --out DIR}, {@code --seed N}.
 */
public record Options(Path data, int epochs, int batchSize, float lr, Path out, long seed) {
  /** The defaults: the tutorial's recipe (5 epochs of SGD, lr 0.1, batch 64). */
  public static Options defaults() {
    return new Options(null, 5, 64, 0.1f, Path.of("kiln-output"), 0);
  }

  /** Parses {@code args}; throws IllegalArgumentException with the usage on a bad argument. */
  public static Options parse(String... args) {
    return parse(defaults(), args);
  }

  /** Parses {@code args} over other defaults (the CNN flagship's). */
  public static Options parse(Options defaults, String... args) {
    Options o = defaults;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || i + 1 >= args.length) {
        throw new IllegalArgumentException(usage());
      }
      String v = args[++i];
      try {
        o = switch (flag) {
          case "--data" -> new Options(Path.of(v), o.epochs, o.batchSize, o.lr, o.out, o.seed);
          case "--epochs" -> new Options(o.data, positive(flag, v), o.batchSize, o.lr, o.out, o.seed);
          case "--batch-size" -> new Options(o.data, o.epochs, positive(flag, v), o.lr, o.out, o.seed);
          case "--lr" -> new Options(o.data, o.epochs, o.batchSize, Float.parseFloat(v), o.out, o.seed);
          case "--out" -> new Options(o.data, o.epochs, o.batchSize, o.lr, Path.of(v), o.seed);
          case "--seed" -> new Options(o.data, o.epochs, o.batchSize, o.lr, o.out, Long.parseLong(v));
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
        };
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " needs a number, got '" + v + "'\n" + usage());
      }
    }
    return o;
  }

  private static int positive(String flag, String v) {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + n);
    }
    return n;
  }

  static String usage() {
    return "options: --data DIR (train-images-idx3-ubyte[.gz] etc.; default: Debian's"
        + " Fashion-MNIST, else the bundled sample) --epochs N (5) --batch-size N (64)"
        + " --lr X (0.1) --out DIR (kiln-output) --seed N (0)";
  }
}
