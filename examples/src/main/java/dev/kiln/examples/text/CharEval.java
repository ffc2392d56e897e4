package dev.kiln.examples.text;

import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.loss.Reduction;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;

/**
 * Validation loss and bits per character: the mean cross entropy (nats) over every predicted
 * character of the fixed validation windows ({@link CharBatches#validation}), in eval mode
 * without gradients; bits per character = loss / ln 2.
 */
public final class CharEval {
  /** The flagship evaluates the first 1024 windows (65,536 predicted characters at T = 64). */
  public static final int WINDOWS = 1024;
  /** Windows per forward. */
  public static final int BATCH = 64;

  private CharEval() {}

  /** Mean loss in nats and its bits per character. */
  public record Result(double loss, double bpc, long characters) {}

  /** Bits per character of a mean loss in nats: {@code loss / ln 2}. */
  public static double bpc(double nats) {
    return nats / Math.log(2);
  }

  /** Evaluates {@code model} on {@code windows}; restores its training mode afterwards. */
  public static Result evaluate(CharModel model, int[][] windows, int batch, Device device) {
    boolean training = model.module().isTraining();
    model.module().eval();
    CrossEntropyLoss sum = new CrossEntropyLoss(Reduction.SUM);
    double total = 0;
    long count = 0;
    try {
      for (int i = 0; i < windows.length; i += batch) {
        Tensor[] xy = CharBatches.tensors(windows, i, Math.min(windows.length, i + batch), device);
        double s = GradMode.noGrad(() -> {
          Tensor logits = model.forward(xy[0]);
          int v = logits.size(logits.dim() - 1);
          return sum.apply(logits.reshape(-1, v), xy[1].reshape(-1)).item();
        });
        total += s;
        count += xy[1].numel();
      }
    } finally {
      if (training) {
        model.module().train();
      }
    }
    double loss = total / count;
    return new Result(loss, bpc(loss), count);
  }
}
