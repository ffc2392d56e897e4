package dev.kiln.examples;

import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * Prints the bytes allocated by each of 10 rounds of 2000 training steps of {@link Tower} (nested
 * models and {@code second(h) * h}), after 10 rounds of warm-up, in a JVM of its own ({@link
 * NestedStepAllocationTest}).
 */
public final class NestedStepAllocationRun {
  private NestedStepAllocationRun() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Rng.manualSeed(14);
    Tower tower = new KilnTower();
    Tensor x = Rng.rand(4, 3);
    Tensor dy = Rng.rand(4, 2);
    Sgd sgd = new Sgd(tower.parameters(), 0.001f);
    for (int r = -10; r < 10; r++) {
      long empty = threads.getCurrentThreadAllocatedBytes();
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 2000; i++) {
        sgd.zeroGrad();
        tower.forward(x).backward(dy);
        sgd.step();
      }
      long bytes = threads.getCurrentThreadAllocatedBytes() - before - (before - empty);
      if (r >= 0) {
        System.out.println(bytes);
      }
    }
  }
}
