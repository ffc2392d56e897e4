package dev.kiln.examples.text;

import java.nio.file.Path;

/**
 * {@link TrainText}'s options: {@code --model transformer|lstm|bigram}, {@code --epochs N},
 * {@code --steps-per-epoch N}, {@code --batch-size N}, {@code --context T}, {@code --lr X},
 * {@code --seed N}, {@code --temperature X}, {@code --sample-length N}, {@code --prompt TEXT},
 * {@code --data DIR} (fortune files), {@code --out DIR}.
 */
public record TextOptions(String model, int epochs, int stepsPerEpoch, int batchSize, int context,
    float lr, long seed, double temperature, int sampleLength, String prompt, Path data,
    Path out) {

  /** The flagship's recipe: 4 epochs of 400 AdamW steps (lr 1e-3) on 32 windows of 64. */
  public static TextOptions defaults() {
    return new TextOptions("transformer", 4, 400, 32, 64, 1e-3f, 0, 0.8, 600, "The ", null,
        Path.of("kiln-output"));
  }

  /** Parses {@code args} over {@link #defaults()}; throws with the usage on a bad argument. */
  public static TextOptions parse(String... args) {
    TextOptions o = defaults();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || i + 1 >= args.length) {
        throw new IllegalArgumentException(usage());
      }
      String v = args[++i];
      try {
        o = switch (flag) {
          case "--model" -> o.withModel(v);
          case "--epochs" -> new TextOptions(o.model, positive(flag, v), o.stepsPerEpoch,
              o.batchSize, o.context, o.lr, o.seed, o.temperature, o.sampleLength, o.prompt,
              o.data, o.out);
          case "--steps-per-epoch" -> new TextOptions(o.model, o.epochs, positive(flag, v),
              o.batchSize, o.context, o.lr, o.seed, o.temperature, o.sampleLength, o.prompt,
              o.data, o.out);
          case "--batch-size" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch,
              positive(flag, v), o.context, o.lr, o.seed, o.temperature, o.sampleLength,
              o.prompt, o.data, o.out);
          case "--context" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch, o.batchSize,
              positive(flag, v), o.lr, o.seed, o.temperature, o.sampleLength, o.prompt, o.data,
              o.out);
          case "--lr" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch, o.batchSize,
              o.context, Float.parseFloat(v), o.seed, o.temperature, o.sampleLength, o.prompt,
              o.data, o.out);
          case "--seed" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch, o.batchSize,
              o.context, o.lr, Long.parseLong(v), o.temperature, o.sampleLength, o.prompt,
              o.data, o.out);
          case "--temperature" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch,
              o.batchSize, o.context, o.lr, o.seed, temperature(v), o.sampleLength, o.prompt,
              o.data, o.out);
          case "--sample-length" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch,
              o.batchSize, o.context, o.lr, o.seed, o.temperature, positive(flag, v), o.prompt,
              o.data, o.out);
          case "--prompt" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch, o.batchSize,
              o.context, o.lr, o.seed, o.temperature, o.sampleLength, nonEmpty(v), o.data,
              o.out);
          case "--data" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch, o.batchSize,
              o.context, o.lr, o.seed, o.temperature, o.sampleLength, o.prompt, Path.of(v),
              o.out);
          case "--out" -> new TextOptions(o.model, o.epochs, o.stepsPerEpoch, o.batchSize,
              o.context, o.lr, o.seed, o.temperature, o.sampleLength, o.prompt, o.data,
              Path.of(v));
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
        };
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " needs a number, got '" + v + "'\n" + usage());
      }
    }
    return o;
  }

  /** These options with another model name (one of {@link TextRecipe#NAMES}). */
  public TextOptions withModel(String name) {
    if (!TextRecipe.NAMES.contains(name)) {
      throw new IllegalArgumentException("--model must be one of " + TextRecipe.NAMES + ", got '"
          + name + "'");
    }
    return new TextOptions(name, epochs, stepsPerEpoch, batchSize, context, lr, seed, temperature,
        sampleLength, prompt, data, out);
  }

  private static int positive(String flag, String v) {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + n);
    }
    return n;
  }

  private static double temperature(String v) {
    double t = Double.parseDouble(v);
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("--temperature must be finite and >= 0, got " + v);
    }
    return t;
  }

  private static String nonEmpty(String v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("--prompt needs at least one character");
    }
    return v;
  }

  static String usage() {
    return "options: --model transformer|lstm|bigram (transformer) --epochs N (4)"
        + " --steps-per-epoch N (400) --batch-size N (32) --context T (64) --lr X (0.001)"
        + " --seed N (0) --temperature X (0.8; 0 = greedy) --sample-length N (600)"
        + " --prompt TEXT ('The ') --data DIR (fortune files; default: Debian's fortunes, else"
        + " the bundled sample) --out DIR (kiln-output)";
  }
}
