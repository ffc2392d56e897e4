package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A warm forward + backward of each sequence layer (LayerNorm, RMSNorm, Embedding,
 * PositionalEncoding with dropout), through the Workspace forms a compiled model calls, allocates
 * nothing: 1000 calls after 20,000 of warm-up stay under 2,000 bytes (one object per call would
 * be at least 16,000), as {@link NormAllocationTest}.
 */
class SequenceAllocationTest {
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static void assertWarmStepAllocatesNothing(UnaryModule m, Tensor x) {
    int[] out = m.outputShape(x.shape());
    Tensor y = Tensor.zeros(out);
    Tensor dy = Rng.randn(out);
    Tensor dx = Tensor.zeros(x.shape());
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
    Rng.manualSeed(1);
    assertWarmStepAllocatesNothing(new LayerNorm(32), Rng.randn(4, 6, 32));
    assertWarmStepAllocatesNothing(new LayerNorm(4, 8).elementwiseAffine(false),
        Rng.randn(3, 4, 8));
    assertWarmStepAllocatesNothing(new RMSNorm(32), Rng.randn(4, 6, 32));
    float[] ids = new float[24];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 7) % 50;
    }
    assertWarmStepAllocatesNothing(new Embedding(50, 32).paddingIdx(0), Tensor.of(ids, 4, 6));
    assertWarmStepAllocatesNothing(new PositionalEncoding(32, 16).dropout(0.2f),
        Rng.randn(4, 6, 32));
    assertWarmStepAllocatesNothing(new PositionalEncoding(32, 16).batchFirst(false),
        Rng.randn(6, 4, 32));
  }
}
