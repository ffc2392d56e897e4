package dev.kiln.examples.bench;

import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.Tensor;

/**
 * The convolution rows: {@code Conv2d(64, 64, 3, padding 1)} on a {@code (64, 64, 32, 32)} batch,
 * called as a compiled model calls it (preallocated output, one {@link Workspace}).
 */
final class ConvWorkloads {
  private ConvWorkloads() {}

  /** The forward only: {@code y = conv(x)}. */
  static Runnable conv2dForward() {
    return conv2d(false);
  }

  /** Forward, then backward with the input, weight and bias gradients (accumulated). */
  static Runnable conv2dForwardBackward() {
    return conv2d(true);
  }

  private static Runnable conv2d(boolean backward) {
    Rng.manualSeed(0);
    Conv2d conv = new Conv2d(64, 64, 3).padding(1);
    Tensor x = Rng.rand(64, 64, 32, 32);
    Tensor y = Tensor.zeros(conv.outputShape(x.shape()));
    Tensor dy = Rng.rand(y.shape());
    Tensor dx = Tensor.zeros(x.shape());
    Workspace ws = new Workspace();
    if (!backward) {
      return () -> conv.forwardInto(x, y, ws);
    }
    return () -> {
      conv.forwardInto(x, y, ws);
      conv.backwardInto(x, y, dy, dx, ws);
    };
  }
}
