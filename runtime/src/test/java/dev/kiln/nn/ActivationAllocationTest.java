package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Once warm (the JIT has compiled the vectorised loops, so no vector is boxed), a forward and
 * backward of each activation layer into preallocated tensors allocates no heap bytes.
 */
class ActivationAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void warmForwardAndBackwardAllocateNothing() {
    record Case(UnaryModule layer, int[] shape) {}
    List<Case> cases = List.of(new Case(new LeakyReLU(), new int[] {64, 67}),
        new Case(new PReLU(16), new int[] {8, 16, 33}), new Case(new GELU(), new int[] {64, 67}),
        new Case(new GELU("tanh"), new int[] {64, 67}), new Case(new SiLU(), new int[] {64, 67}),
        new Case(new ELU(), new int[] {64, 67}), new Case(new Softmax(1), new int[] {64, 67}),
        new Case(new LogSoftmax(1), new int[] {8, 16, 33}),
        new Case(new Softmax(-1), new int[] {8, 16, 33}));
    long tid = Thread.currentThread().getId();
    StringBuilder failures = new StringBuilder();
    for (Case c : cases) {
      Rng.manualSeed(16);
      Tensor x = Rng.randn(c.shape());
      Tensor y = Tensor.zeros(c.shape());
      Tensor dy = Rng.randn(c.shape());
      Tensor dx = Tensor.zeros(c.shape());
      Workspace ws = new Workspace();
      long bytes = -1;
      for (int round = 0; round < 30 && bytes != 0; round++) {
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 500; i++) {
          c.layer().forwardInto(x, y, ws);
          c.layer().backwardInto(x, y, dy, dx, ws);
        }
        bytes = THREADS.getThreadAllocatedBytes(tid) - before;
      }
      if (bytes != 0) {
        failures.append(c.layer()).append(" on ").append(java.util.Arrays.toString(c.shape()))
            .append(": still ").append(bytes).append(" bytes per 500 warm steps\n");
      }
    }
    if (failures.length() > 0) {
      fail(failures.toString());
    }
  }
}
