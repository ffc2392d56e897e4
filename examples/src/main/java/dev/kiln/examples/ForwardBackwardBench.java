package dev.kiln.examples;

import dev.kiln.examples.bench.Measure;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Compiled versus eager forward + backward of the MNIST classifier at batch 64: median time per
 * step and heap bytes allocated per step. Run with
 * {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.ForwardBackwardBench}.
 */
public final class ForwardBackwardBench {
  private ForwardBackwardBench() {}

  public static void main(String[] args) {
    Rng.manualSeed(0);
    KilnMnistClassifier m = new KilnMnistClassifier();
    float[] data = new float[64 * 784];
    Arrays.fill(data, 0.5f);
    Tensor x = Tensor.of(data, 64, 1, 28, 28);
    Tensor dy = Tensor.of(new float[64 * 10], 64, 10);
    for (int i = 0; i < 3; i++) {
      report("compiled", m::forward, x, dy);
      report("eager", m::forwardEager, x, dy);
    }
  }

  private static void report(String name, Function<Tensor, Tensor> forward, Tensor x, Tensor dy) {
    Measure r = Measure.of(() -> forward.apply(x).backward(dy), 50, 9);
    System.out.printf("%-8s median %.2f ms/step (min %.2f, max %.2f), %,d bytes allocated/step%n",
        name, r.medianNanos() / 1e6, r.minNanos() / 1e6, r.maxNanos() / 1e6, r.bytesPerCall());
  }
}
