package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.Tensor;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Threads sharing one BatchNorm in training mode (a compiled model's plans on several threads,
 * under noGrad as well) each update the running statistics whole: none is lost or torn, so two
 * threads' calls leave what the same calls leave one after another.
 */
class BatchNormSharedTest {
  private static final int CALLS = 200_000;

  @Test
  void concurrentTrainingCallsUpdateTheRunningStatisticsOnceEach() throws Exception {
    Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 5, 2, 2, 2, 4, -3, 1}, 4, 3);
    BatchNorm1d alone = new BatchNorm1d(3).momentum(null); // cumulative: every call counts
    Workspace ws = new Workspace();
    Tensor y = Tensor.zeros(4, 3);
    for (int i = 0; i < 2 * CALLS; i++) {
      alone.forwardInto(x, y, ws);
    }

    BatchNorm1d shared = new BatchNorm1d(3).momentum(null);
    CyclicBarrier start = new CyclicBarrier(2);
    Runnable calls = () -> {
      Workspace own = new Workspace();
      Tensor out = Tensor.zeros(4, 3);
      try {
        start.await();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      for (int i = 0; i < CALLS; i++) {
        shared.forwardInto(x, out, own);
      }
    };
    Thread a = new Thread(calls);
    Thread b = new Thread(calls);
    a.start();
    b.start();
    a.join();
    b.join();
    assertEquals(2f * CALLS, shared.numBatchesTracked().item(), "num_batches_tracked");
    assertArrayEquals(alone.runningMean().toFloatArray(), shared.runningMean().toFloatArray());
    assertArrayEquals(alone.runningVar().toFloatArray(), shared.runningVar().toFloatArray());
  }
}
