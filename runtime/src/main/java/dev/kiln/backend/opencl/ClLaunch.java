package dev.kiln.backend.opencl;

import static org.lwjgl.opencl.CL10.clEnqueueNDRangeKernel;
import static org.lwjgl.opencl.CL10.clSetKernelArg;
import static org.lwjgl.opencl.CL10.clSetKernelArg1f;
import static org.lwjgl.opencl.CL10.clSetKernelArg1i;
import static org.lwjgl.opencl.CL10.clSetKernelArg1p;
import static org.lwjgl.system.MemoryStack.stackPush;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * The kernel launcher of one device: {@code start(kernel)}, its arguments in order, then one of
 * the enqueue calls. One instance is reused by every launch (callers hold the kernels' lock), and
 * native arguments live on LWJGL's thread stack, so a launch allocates nothing on the heap.
 * The buffers passed as arguments are held until the kernel is enqueued (the queue retains them
 * from then on): otherwise a temporary tensor could become unreachable after its argument is
 * set, and its cleaner would release the {@code cl_mem} before the enqueue used it.
 */
final class ClLaunch {
  /** Work-group size of 1-D launches; global sizes are rounded up to it. */
  static final int LOCAL = 64;
  /** Items of a single-work-group reduction, REDUCE_ITEMS in prelude.cl. */
  static final int REDUCE_ITEMS = 256;

  /** More than the most arguments any kernel takes. */
  private static final int MAX_ARGS = 32;

  private final ClDevice device;
  private final ClBuffer[] held = new ClBuffer[MAX_ARGS];
  private long kernel;
  private int arg;

  ClLaunch(ClDevice device) {
    this.device = device;
  }

  ClLaunch start(ClKernel k) {
    kernel = device.programs().kernel(k);
    release();
    return this;
  }

  /** A tensor's buffer, or a null pointer for {@code null}. */
  ClLaunch mem(Tensor t) {
    return t == null ? handle(0L) : buffer(device.buffer(t));
  }

  /** A buffer argument, held until the launch is enqueued. */
  private ClLaunch buffer(ClBuffer b) {
    held[arg] = b;
    return handle(b.mem());
  }

  ClLaunch handle(long mem) {
    ClErrors.check(clSetKernelArg1p(kernel, arg++, mem), "clSetKernelArg");
    return this;
  }

  ClLaunch i(int v) {
    ClErrors.check(clSetKernelArg1i(kernel, arg++, v), "clSetKernelArg");
    return this;
  }

  ClLaunch f(float v) {
    ClErrors.check(clSetKernelArg1f(kernel, arg++, v), "clSetKernelArg");
    return this;
  }

  /** An {@code int8} vector argument. */
  ClLaunch int8(int[] v) {
    try (MemoryStack s = stackPush()) {
      ClErrors.check(clSetKernelArg(kernel, arg++, s.ints(v)), "clSetKernelArg");
    }
    return this;
  }

  /** One item per element {@code 0 <= i < n} (kernels ignore the rounding surplus). */
  void items(int n) {
    if (n > 0) {
      long global = (n + (long) LOCAL - 1) / LOCAL * LOCAL;
      enqueue(1, global, 1, LOCAL, 1);
    } else {
      release();
    }
  }

  /** One work group of {@link #REDUCE_ITEMS} items. */
  void group() {
    enqueue(1, REDUCE_ITEMS, 1, REDUCE_ITEMS, 1);
  }

  /** A 2-D range of {@code gx * gy} items in groups of {@code lx * ly}. */
  void grid(long gx, long gy, long lx, long ly) {
    enqueue(2, gx, gy, lx, ly);
  }

  private void enqueue(int dims, long gx, long gy, long lx, long ly) {
    try (MemoryStack s = stackPush()) {
      PointerBuffer global = s.mallocPointer(dims);
      PointerBuffer local = s.mallocPointer(dims);
      global.put(0, gx);
      local.put(0, lx);
      if (dims == 2) {
        global.put(1, gy);
        local.put(1, ly);
      }
      ClErrors.check(clEnqueueNDRangeKernel(device.queue(), kernel, dims, null, global, local,
          null, null), "clEnqueueNDRangeKernel");
    } finally {
      release();
    }
  }

  /** Forgets the held argument buffers; the next launch starts from argument 0. */
  private void release() {
    Arrays.fill(held, 0, arg, null);
    arg = 0;
  }
}
