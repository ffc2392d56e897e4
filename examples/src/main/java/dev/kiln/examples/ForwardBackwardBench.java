package dev.kiln.examples;

import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Compiled versus eager forward + backward of the MNIST classifier at batch 64: median time per
 * step and heap bytes allocated per step. Run with
 * {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.ForwardBackwardBench}.
 */
public final class ForwardBackwardBench {
  private static final int ROUNDS = 9;
  private static final int STEPS = 50;

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
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[] ms = new double[ROUNDS];
    long bytes = 0;
    for (int r = 0; r < ROUNDS; r++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      for (int s = 0; s < STEPS; s++) {
        forward.apply(x).backward(dy);
      }
      ms[r] = (System.nanoTime() - t0) / 1e6 / STEPS;
      bytes = (threads.getCurrentThreadAllocatedBytes() - before) / STEPS;
    }
    Arrays.sort(ms);
    System.out.printf("%-8s median %.2f ms/step (min %.2f, max %.2f), %,d bytes allocated/step%n",
        name, ms[ROUNDS / 2], ms[0], ms[ROUNDS - 1], bytes);
  }
}
