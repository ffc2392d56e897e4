package dev.kiln.examples;

import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Child-JVM main for {@link WholeStepIndependenceTest}: {@code threads warmup steps}. Runs
 * {@code warmup} training steps of the compiled MNIST classifier at batch 64 (so that the JIT
 * compiles what a step runs), then, from a fresh seed, {@code steps} steps, printing after each
 * the loss's bits and a hash of every parameter's and gradient's bits.
 */
public final class StepRun {
  private StepRun() {}

  public static void main(String[] args) {
    CpuThreads.set(Integer.parseInt(args[0]));
    run(Integer.parseInt(args[1]), false);
    run(Integer.parseInt(args[2]), true);
  }

  private static void run(int steps, boolean print) {
    Rng.manualSeed(11);
    MnistClassifier model = MnistClassifier.create();
    Tensor x = Rng.rand(64, 1, 28, 28);
    float[] labels = new float[64];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    Tensor y = Tensor.of(labels, 64);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    Sgd opt = new Sgd(model.parameters(), 0.1f);
    for (int s = 0; s < steps; s++) {
      Tensor loss = lossFn.apply(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      if (print) {
        int h = 0;
        for (Parameter p : model.parameters()) {
          h = 31 * h + Arrays.hashCode(p.toFloatArray());
          h = 31 * h + Arrays.hashCode(p.grad().toFloatArray());
        }
        System.out.println(Integer.toHexString(Float.floatToIntBits(loss.item())) + " "
            + Integer.toHexString(h));
      }
    }
  }
}
