package dev.kiln.examples.mnist;

/**
 * The CNN flagship: trains {@link dev.kiln.examples.FashionCnn} on Fashion-MNIST with Adam
 * (5 epochs, lr 1e-3, batch 64 unless the options say otherwise), prints per-epoch test
 * accuracy, saves the weights and a loss/accuracy plot. Same flags as {@link TrainMnist}.
 */
public final class TrainCnn {
  private TrainCnn() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(Recipe.CNN.defaults(), args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    MnistTraining.run(Recipe.CNN, o, DataSource.choose(o.data()), System.out);
    System.out.println("next: classify test images with the saved weights:"
        + " mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.mnist.PredictCnn");
  }
}
