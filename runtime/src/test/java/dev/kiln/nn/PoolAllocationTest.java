package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A warm forward and backward of every pooling-family layer through its workspace forms
 * (as compiled models call them) allocates nothing, on one thread and with the planes split
 * between two (counting the {@code kiln-cpu-*} workers): fewer than 1600 bytes over 100 steps,
 * less than one object per step (the thread-allocation counters are noisy by a few hundred
 * bytes; measured: 0 or below).
 */
class PoolAllocationTest {
  private final int threadsBefore = CpuThreads.get();

  @AfterEach
  void restore() {
    CpuThreads.set(threadsBefore);
  }

  private static List<UnaryModule> layers() {
    return List.of(new MaxPool2d(2), new MaxPool2d(3, 2, 1).ceilMode(true),
        new AvgPool2d(3, 2, 1).countIncludePad(false), new AdaptiveAvgPool2d(new int[] {5, 3}),
        new Upsample().scaleFactor(2), new Upsample().scaleFactor(2).mode("bilinear"),
        new PixelShuffle(2), new ZeroPad2d(new int[] {1, 2, -1, 0}), new Identity(),
        new Unflatten(1, 4, -1));
  }

  @Test
  void oneThread() {
    CpuThreads.set(1);
    for (UnaryModule m : layers()) {
      assertTrue(bytes(m, Rng.rand(2, 4, 12, 12)) < 1600, m + " allocated");
    }
  }

  @Test
  void planesSplitBetweenThreads() {
    CpuThreads.set(2);
    for (UnaryModule m : layers()) {
      assertTrue(bytes(m, Rng.rand(4, 16, 32, 32)) < 1600, m + " allocated");
    }
  }

  private static long bytes(UnaryModule m, Tensor x) {
    Tensor y = Tensor.zeros(m.outputShape(x.shape()));
    Tensor dy = Rng.rand(y.shape());
    Tensor dx = Tensor.zeros(x.shape());
    Workspace ws = new Workspace();
    Runnable step = () -> {
      m.forwardInto(x, y, ws);
      m.backwardInto(x, y, dy, dx, ws);
    };
    for (int i = 0; i < 100; i++) {
      step.run();
    }
    allocated(); // the measuring call's own first-use allocations
    long empty = allocated();
    long before = allocated();
    long overhead = before - empty;
    for (int i = 0; i < 100; i++) {
      step.run();
    }
    return allocated() - before - overhead;
  }

  /** Allocated bytes of this thread and the live kiln-* threads. */
  private static long allocated() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = threads.getCurrentThreadAllocatedBytes();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("kiln-") && t != Thread.currentThread()) {
        sum += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
      }
    }
    return sum;
  }
}
