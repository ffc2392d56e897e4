package dev.kiln.examples.train;

import dev.kiln.examples.SkipMlp;
import dev.kiln.loss.MseLoss;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The skip-connection MLP trained on a small regression task: {@code y = x0 * x1 + sin(x2)} for
 * 256 points in {@code [-1, 1]^3}, full batch, {@code Adam(lr 0.01)}, 500 epochs.
 */
public final class SkipMlpRegression {
  private SkipMlpRegression() {}

  /** The first and the last loss. */
  public record Result(float firstLoss, float lastLoss) {}

  public static void main(String[] args) {
    train(System.out);
  }

  public static Result train(PrintStream out) {
    Rng.manualSeed(0);
    Tensor x = Rng.rand(256, 3).mul(Tensor.scalar(2f)).sub(Tensor.scalar(1f));
    float[] xs = x.toFloatArray();
    float[] ys = new float[256];
    for (int i = 0; i < ys.length; i++) {
      ys[i] = xs[3 * i] * xs[3 * i + 1] + (float) Math.sin(xs[3 * i + 2]);
    }
    Tensor y = Tensor.of(ys, 256, 1);
    SkipMlp model = SkipMlp.create();
    MseLoss lossFn = new MseLoss();
    Adam optimizer = new Adam(model.parameters(), 0.01f);
    float first = Float.NaN;
    float loss = Float.NaN;
    for (int epoch = 0; epoch < 500; epoch++) {
      Tensor l = lossFn.apply(model.forward(x), y);
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      loss = l.item();
      first = epoch == 0 ? loss : first;
      if (epoch % 100 == 0 || epoch == 499) {
        out.printf(Locale.ROOT, "epoch %3d loss %.4f%n", epoch, loss);
      }
    }
    return new Result(first, loss);
  }
}
