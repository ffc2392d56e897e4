package dev.kiln.examples.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Inference under noGrad keeps no autograd state and, once a thread has its plans for the batch
 * sizes it sees (at most eight), allocates nothing per call, batch sizes varying call to call.
 */
class InferenceAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void mixedBatchSizesAllocateNothingAfterWarmUp() {
    Rng.manualSeed(12);
    MnistClassifier model = MnistClassifier.create();
    model.eval();
    Tensor[] inputs = {Rng.rand(1, 1, 28, 28), Rng.rand(3, 1, 28, 28), Rng.rand(8, 1, 28, 28),
        Rng.rand(64, 1, 28, 28)};
    long[] rounds = GradMode.noGrad(() -> {
      long[] bytes = new long[10];
      for (int r = -5; r < bytes.length; r++) { // five rounds of warm-up for the JIT
        long empty = THREADS.getCurrentThreadAllocatedBytes();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2000; i++) {
          Tensor y = model.forward(inputs[i % inputs.length]);
          if (y.gradFn() != null) {
            throw new AssertionError("an inference output records its backward");
          }
        }
        if (r >= 0) {
          bytes[r] = THREADS.getCurrentThreadAllocatedBytes() - before - (before - empty);
        }
      }
      return bytes;
    });
    // One object per call would be 32,000 bytes a round; the allowance is for the interpreter's
    // vector boxes while the JIT finishes a rarely hot method on a loaded machine.
    Arrays.sort(rounds);
    assertEquals(0, rounds[0], "bytes of the best round of 2000 calls at batch 1, 3, 8 and 64");
    assertTrue(rounds[rounds.length / 2] < 2_000, "median round: " + rounds[rounds.length / 2]);
  }
}
