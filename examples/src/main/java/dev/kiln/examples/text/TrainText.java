package dev.kiln.examples.text;

/**
 * The text flagship: trains a character-level language model on Debian's fortunes (or the
 * bundled sample) and prints the model, its parameter count, a progress bar, the validation loss
 * and bits per character after each epoch and a sampled paragraph; writes
 * {@code kiln-output/char-<model>.safetensors} and {@code char-<model>-curves.png}.
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.text.TrainText \
 *     -Dexec.args="--model transformer --epochs 4 --seed 0 --temperature 0.8"
 * </pre>
 *
 * Options: see {@link TextOptions}.
 */
public final class TrainText {
  private TrainText() {}

  public static void main(String[] args) throws Exception {
    TextOptions o;
    try {
      o = TextOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    TextTraining.run(TextRecipe.named(o.model()), o, CharCorpus.choose(o.data()), System.out);
  }
}
