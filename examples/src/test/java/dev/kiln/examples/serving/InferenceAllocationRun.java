package dev.kiln.examples.serving;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * Prints the bytes allocated by each of 10 rounds of 2000 inference calls at batch 1, 3, 8 and
 * 64 (after 5 rounds of warm-up), in a JVM of its own ({@link InferenceAllocationTest}); exits
 * with status 2 if an output records its backward.
 */
public final class InferenceAllocationRun {
  private InferenceAllocationRun() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Rng.manualSeed(12);
    MnistClassifier model = MnistClassifier.create();
    model.eval();
    Tensor[] inputs = {Rng.rand(1, 1, 28, 28), Rng.rand(3, 1, 28, 28), Rng.rand(8, 1, 28, 28),
        Rng.rand(64, 1, 28, 28)};
    GradMode.noGrad(() -> {
      for (int r = -5; r < 10; r++) {
        long empty = threads.getCurrentThreadAllocatedBytes();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2000; i++) {
          if (model.forward(inputs[i % inputs.length]).gradFn() != null) {
            System.exit(2);
          }
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before - (before - empty);
        if (r >= 0) {
          System.out.println(bytes);
        }
      }
      return null;
    });
  }
}
