package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A warm forward + backward of each layer, through the Workspace forms a compiled model calls,
 * allocates nothing: 1000 calls after 20,000 of warm-up (the vector loops must be compiled, on 2
 * busy cores) stay under 2,000 bytes (one object per call would be at least 16,000).
 */
class NormAllocationTest {
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static void assertWarmStepAllocatesNothing(UnaryModule m, int... shape) {
    Tensor x = Rng.randn(shape);
    Tensor y = Tensor.zeros(m.outputShape(shape));
    Tensor dy = Rng.randn(m.outputShape(shape));
    Tensor dx = Tensor.zeros(shape);
    Workspace ws = new Workspace();
    Runnable step = () -> {
      m.forwardInto(x, y, ws);
      m.backwardInto(x, y, dy, dx, ws);
    };
    for (int i = 0; i < 20000; i++) {
      step.run();
    }
    long before = allocated();
    for (int i = 0; i < 1000; i++) {
      step.run();
    }
    long bytes = allocated() - before;
    assertTrue(bytes < 2_000, m + ": " + bytes + " bytes allocated in 1000 steps");
  }

  @Test
  void warmStepsAllocateNothing() {
    assertWarmStepAllocatesNothing(new BatchNorm2d(8), 4, 8, 6, 6);
    BatchNorm1d eval = new BatchNorm1d(8);
    eval.eval();
    assertWarmStepAllocatesNothing(eval, 16, 8);
    assertWarmStepAllocatesNothing(new GroupNorm(2, 8), 4, 8, 6, 6);
    assertWarmStepAllocatesNothing(new Dropout(0.3f), 16, 40);
    assertWarmStepAllocatesNothing(new Dropout2d(0.3f), 4, 8, 6, 6);
  }
}
