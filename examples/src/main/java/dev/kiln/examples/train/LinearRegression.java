package dev.kiln.examples.train;

import dev.kiln.loss.MseLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The tutorial's first training loop: fit {@code y = 3x + 2 + 0.5 noise} with {@code Linear(1, 1)},
 * {@code MseLoss} and {@code Sgd(lr 0.01)} for 200 epochs. x is {@code (100, 1)}: even one
 * feature needs its own dimension. As in the tutorial (PyTorch: {@code y = 3.043x + 1.727}), the
 * bias is still converging after 200 epochs: x is not centred, so b learns slowly.
 */
public final class LinearRegression {
  private LinearRegression() {}

  /** The learned line and the final loss. */
  public record Result(float weight, float bias, float loss) {}

  public static void main(String[] args) {
    train(System.out, 200);
  }

  /** Trains for {@code epochs} full-batch steps, printing the loss every 50. */
  public static Result train(PrintStream out, int epochs) {
    Rng.manualSeed(0);
    Tensor x = Rng.rand(100, 1).mul(Tensor.scalar(10f));
    Tensor noise = Rng.randn(100, 1).mul(Tensor.scalar(0.5f));
    Tensor y = x.mul(Tensor.scalar(3f)).add(Tensor.scalar(2f)).add(noise);
    Linear model = new Linear(1, 1);
    MseLoss lossFn = new MseLoss();
    Sgd optimizer = new Sgd(model.parameters(), 0.01f);
    float loss = Float.NaN;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Tensor l = lossFn.apply(model.apply(x), y);
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      loss = l.item();
      if (epoch % 50 == 0 || epoch == epochs - 1) {
        out.printf(Locale.ROOT, "epoch %3d loss %.4f%n", epoch, loss);
      }
    }
    float w = model.weight().item();
    float b = model.bias().item();
    out.printf(Locale.ROOT, "learned: y = %.3fx + %.3f (true: y = 3x + 2)%n", w, b);
    return new Result(w, b, loss);
  }
}
