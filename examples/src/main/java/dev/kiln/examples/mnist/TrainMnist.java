package dev.kiln.examples.mnist;

/**
 * The README's first command: trains the tutorial's MNIST classifier on Fashion-MNIST (or the
 * bundled sample, or {@code --data DIR}) and saves the weights. See {@link Options} for flags.
 */
public final class TrainMnist {
  private TrainMnist() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    MnistTraining.run(o, DataSource.choose(o.data()), System.out);
    System.out.println("next: classify test images with the saved weights:"
        + " mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.mnist.Predict");
  }
}
