package dev.kiln.examples.train;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Runs two of the training examples (Sgd on a Linear; Adam on the compiled SkipMlp) and prints
 * their results with exact bits, for {@link TrainingDeterminismTest}.
 */
public final class TrainingRun {
  private TrainingRun() {}

  public static void main(String[] args) {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    LinearRegression.Result line = LinearRegression.train(quiet, 200);
    SkipMlpRegression.Result mlp = SkipMlpRegression.train(quiet);
    for (float v : new float[] {line.weight(), line.bias(), line.loss(), mlp.firstLoss(), mlp.lastLoss()}) {
      System.out.println(v + " " + Integer.toHexString(Float.floatToRawIntBits(v)));
    }
  }
}
