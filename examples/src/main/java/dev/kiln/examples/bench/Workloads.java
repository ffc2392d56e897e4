package dev.kiln.examples.bench;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.SineNet;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.loss.MseLoss;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;

/** The benchmark's workloads, each a {@link Runnable} that does one measured call. */
final class Workloads {
  private Workloads() {}

  /** One training step of the seed MLP on the CPU. */
  static Runnable mlpTrainStep(int batch) {
    return mlpTrainStep(Device.cpu(), batch);
  }

  /**
   * One training step of the seed MLP on {@code device}: forward, cross-entropy, zeroGrad,
   * backward, SGD.
   */
  static Runnable mlpTrainStep(Device device, int batch) {
    Rng.manualSeed(0);
    MnistClassifier model = MnistClassifier.create();
    model.to(device);
    Tensor x = Rng.rand(batch, 1, 28, 28).to(device);
    Tensor y = labels(batch).to(device);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    Sgd opt = new Sgd(model.parameters(), 0.01f);
    return () -> {
      Tensor loss = lossFn.apply(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    };
  }

  /** One forward of the seed MLP without recording gradients. */
  static Runnable mlpInference(int batch) {
    Rng.manualSeed(0);
    MnistClassifier model = MnistClassifier.create();
    model.eval();
    Tensor x = Rng.rand(batch, 1, 28, 28);
    java.util.function.Supplier<Tensor> forward = () -> model.forward(x);
    return () -> GradMode.noGrad(forward);
  }

  /** 5000 full-batch SGD steps of SineNet(64) on 200 points of a sine. */
  static Runnable sineNetTraining() {
    float[] xs = new float[200];
    float[] ys = new float[200];
    for (int i = 0; i < 200; i++) {
      xs[i] = (float) (2 * Math.PI * i / 199);
      ys[i] = (float) Math.sin(xs[i]);
    }
    Tensor x = Tensor.of(xs, 200, 1);
    Tensor y = Tensor.of(ys, 200, 1);
    MseLoss lossFn = new MseLoss();
    return () -> {
      Rng.manualSeed(0);
      SineNet model = SineNet.create(64);
      Sgd opt = new Sgd(model.parameters(), 0.05f);
      for (int step = 0; step < 5000; step++) {
        Tensor loss = lossFn.apply(model.forward(x), y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
    };
  }

  /** {@code c = a @ b} for two {@code n x n} matrices, through the device's kernels. */
  static Runnable sgemm(int n) {
    Tensor a = Rng.rand(n, n);
    Tensor b = Rng.rand(n, n);
    Tensor c = Tensor.zeros(n, n);
    return () -> Device.cpu().kernels().matmul(a, b, c);
  }

  private static Tensor labels(int batch) {
    float[] v = new float[batch];
    for (int i = 0; i < batch; i++) {
      v[i] = i % 10;
    }
    return Tensor.of(v, batch);
  }
}
