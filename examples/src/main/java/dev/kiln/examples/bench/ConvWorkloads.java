package dev.kiln.examples.bench;

import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.Tensor;

/**
 * The convolution rows: {@code Conv2d(64, 64, 3, padding 1)} on a {@code (64, 64, 32, 32)} batch,
 * called as a compiled model calls it (preallocated output, one {@link Workspace}), and the CNN
 * flagship's training step.
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

  /** The CNN flagship's model: forward, cross entropy, backward and an SGD step at B=64. */
  static Runnable cnnTrainStep() {
    Rng.manualSeed(0);
    dev.kiln.examples.FashionCnn model = dev.kiln.examples.FashionCnn.create();
    Tensor x = Rng.rand(64, 1, 28, 28);
    float[] labels = new float[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = i % 10;
    }
    Tensor y = Tensor.of(labels, 64);
    dev.kiln.loss.CrossEntropyLoss lossFn = new dev.kiln.loss.CrossEntropyLoss();
    dev.kiln.optim.Sgd opt = new dev.kiln.optim.Sgd(model.parameters(), 0.01f);
    return () -> {
      Tensor loss = lossFn.apply(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    };
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
