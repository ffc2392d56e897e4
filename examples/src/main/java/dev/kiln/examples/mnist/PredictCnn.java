package dev.kiln.examples.mnist;

/** Classifies the first test images with the weights {@link TrainCnn} saved. */
public final class PredictCnn {
  private PredictCnn() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(Recipe.CNN.defaults(), args);
    Predict.run(Recipe.CNN, o.out().resolve(Recipe.CNN.weights()),
        DataSource.choose(o.data()).test(), System.out);
  }
}
