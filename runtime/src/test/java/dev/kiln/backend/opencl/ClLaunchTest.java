package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.tensor.Tensor;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * A launch holds the buffers of its tensor arguments until the kernel is enqueued: a temporary
 * tensor that nothing else references must not have its {@code cl_mem} released by its cleaner
 * between setting the argument and the enqueue, and nothing is held once the queue has it.
 */
class ClLaunchTest {
  private final ClDevice cl = (ClDevice) OpenClSupport.device();

  @Test
  void anArgumentBufferStaysReachableUntilTheEnqueue() {
    ClLaunch launch = new ClLaunch(cl);
    Tensor kept = cl.zeros(3);
    WeakReference<ClBuffer> temp = launchFillOfATemporary(launch);
    collect();
    assertNotNull(temp.get(), "the temporary's buffer was collected before the enqueue");
    launch.f(2f).i(3).items(3);
    collect();
    assertNull(temp.get(), "the launch still holds the buffer after the enqueue");
    launch.start(ClKernel.FILL).mem(kept).f(5f).i(3).items(3);
    assertArrayEquals(new float[] {5f, 5f, 5f}, cl.read(kept));
  }

  /** Sets a fresh tensor as argument 0 of a fill and drops every other reference to it. */
  private WeakReference<ClBuffer> launchFillOfATemporary(ClLaunch launch) {
    Tensor t = cl.zeros(3);
    launch.start(ClKernel.FILL).mem(t);
    return new WeakReference<>(cl.buffer(t));
  }

  private static void collect() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }
}
