package dev.kiln.examples;

import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * Prints the bytes allocated by each of 10 rounds of 2000 calls, after 10 rounds of warm-up, in a
 * JVM of its own for one case ({@link NestedStepAllocationTest}): {@code tower}, training steps
 * of {@link Tower} (nested models, {@code second(h) * h}); {@code siamese}, training steps of
 * {@link Siamese} (two inputs, one nested model called twice); {@code siamese-noGrad}, its
 * inference.
 */
public final class NestedStepAllocationRun {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private NestedStepAllocationRun() {}

  public static void main(String[] args) {
    Rng.manualSeed(14);
    switch (args[0]) {
      case "tower" -> {
        Tower m = new KilnTower();
        Tensor x = Rng.rand(4, 3);
        Tensor dy = Rng.rand(4, 2);
        Sgd sgd = new Sgd(m.parameters(), 0.001f);
        for (int r = -10; r < 10; r++) {
          long before = start();
          for (int i = 0; i < 2000; i++) {
            sgd.zeroGrad();
            m.forward(x).backward(dy);
            sgd.step();
          }
          report(r, before);
        }
      }
      case "siamese" -> {
        Siamese m = new KilnSiamese();
        Tensor a = Rng.rand(4, 5);
        Tensor b = Rng.rand(4, 5);
        Tensor dy = Rng.rand(4, 5);
        Sgd sgd = new Sgd(m.parameters(), 0.001f);
        for (int r = -10; r < 10; r++) {
          long before = start();
          for (int i = 0; i < 2000; i++) {
            sgd.zeroGrad();
            m.forward(a, b).backward(dy);
            sgd.step();
          }
          report(r, before);
        }
      }
      default -> {
        Siamese m = new KilnSiamese();
        Tensor a = Rng.rand(4, 5);
        Tensor b = Rng.rand(4, 5);
        GradMode.noGrad(() -> {
          for (int r = -10; r < 10; r++) {
            long before = start();
            for (int i = 0; i < 2000; i++) {
              m.forward(a, b);
            }
            report(r, before);
          }
          return null;
        });
      }
    }
  }

  /** The allocation counter, less what reading it costs. */
  private static long start() {
    long empty = THREADS.getCurrentThreadAllocatedBytes();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    return before + (before - empty);
  }

  private static void report(int round, long before) {
    long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
    if (round >= 0) {
      System.out.println(bytes);
    }
  }
}
