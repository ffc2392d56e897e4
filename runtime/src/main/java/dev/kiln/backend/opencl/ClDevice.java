package dev.kiln.backend.opencl;

import static org.lwjgl.opencl.CL10.CL_CONTEXT_PLATFORM;
import static org.lwjgl.opencl.CL10.CL_MEM_READ_WRITE;
import static org.lwjgl.opencl.CL10.clCreateBuffer;
import static org.lwjgl.opencl.CL10.clCreateCommandQueue;
import static org.lwjgl.opencl.CL10.clCreateContext;
import static org.lwjgl.opencl.CL10.clEnqueueReadBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueWriteBuffer;
import static org.lwjgl.opencl.CL10.clFinish;
import static org.lwjgl.system.MemoryStack.stackPush;

import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.lang.ref.Reference;
import java.nio.IntBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * One OpenCL device as a Kiln {@link Device}: its context and in-order command queue, its
 * program cache and kernels. Tensors on it own {@link ClBuffer}s; reading copies to the host.
 */
public final class ClDevice extends Device {
  private final ClDiscovery.Found found;
  private final long context;
  private final long queue;
  private final ClPrograms programs;
  private final ClKernels kernels;

  ClDevice(ClDiscovery.Found found) {
    this.found = found;
    if (found.info().maxWorkGroupSize() < ClLaunch.REDUCE_ITEMS) {
      throw new IllegalStateException(found.info() + " runs work groups of at most "
          + found.info().maxWorkGroupSize() + " items; Kiln's kernels need "
          + ClLaunch.REDUCE_ITEMS);
    }
    try (MemoryStack s = stackPush()) {
      IntBuffer err = s.mallocInt(1);
      PointerBuffer props = s.mallocPointer(3).put(CL_CONTEXT_PLATFORM).put(found.platform())
          .put(0).flip();
      context = clCreateContext(props, found.device(), null, 0L, err);
      ClErrors.check(err.get(0), "clCreateContext");
      queue = clCreateCommandQueue(context, found.device(), 0L, err);
      ClErrors.check(err.get(0), "clCreateCommandQueue");
    }
    programs = new ClPrograms(this, found.correctlyRoundedSqrt());
    kernels = new ClKernels(this);
  }

  /** What discovery found out about this device: name, type, limits. */
  public ClDeviceInfo info() {
    return found.info();
  }

  long id() {
    return found.device();
  }

  long context() {
    return context;
  }

  long queue() {
    return queue;
  }

  ClPrograms programs() {
    return programs;
  }

  @Override
  public Kernels kernels() {
    return kernels;
  }

  @Override
  public Tensor zeros(int... shape) {
    Tensor t = new Tensor(this, allocate(shape), shape);
    kernels.fill(t, 0f);
    return t;
  }

  @Override
  public Tensor tensor(float[] data, int... shape) {
    ClBuffer b = allocate(shape);
    if (b.size() != data.length) {
      throw new IllegalArgumentException("shape " + Shapes.toString(shape) + " needs "
          + b.size() + " elements but the data holds " + data.length);
    }
    if (data.length > 0) {
      ClErrors.check(clEnqueueWriteBuffer(queue, b.mem(), true, 0, data, null, null),
          "clEnqueueWriteBuffer");
    }
    return new Tensor(this, b, shape);
  }

  @Override
  public float[] read(Tensor t) {
    float[] out = new float[t.numel()];
    ClBuffer b = buffer(t);
    if (out.length > 0) {
      ClErrors.check(clEnqueueReadBuffer(queue, b.mem(), true, 0, out, null, null),
          "clEnqueueReadBuffer");
    }
    Reference.reachabilityFence(b); // t may be a temporary: keep its cl_mem until the read ends
    return out;
  }

  /** Waits until every command queued so far has finished (for timing). */
  public void finish() {
    ClErrors.check(clFinish(queue), "clFinish");
  }

  /** {@code t}'s buffer; throws naming both devices when {@code t} lives elsewhere. */
  ClBuffer buffer(Tensor t) {
    if (t.buffer() instanceof ClBuffer b && b.device() == this) {
      return b;
    }
    throw new IllegalArgumentException("tensors on different devices: " + this + " and "
        + t.device());
  }

  /** A new uninitialised buffer for {@code shape}, checked against the device's limits first. */
  ClBuffer allocate(int... shape) {
    long elements = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Shapes.toString(shape));
      }
      long cap = Long.MAX_VALUE / Float.BYTES;
      elements = d != 0 && elements > cap / d ? cap : elements * d;
    }
    long bytes = elements * Float.BYTES;
    if (bytes > info().maxAllocBytes()) {
      throw new IllegalArgumentException("shape " + Shapes.toString(shape) + " needs " + bytes
          + " bytes but " + this + " allows at most " + info().maxAllocBytes()
          + " bytes per buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE)");
    }
    int n = Shapes.numel(shape);
    if (n == 0) {
      return new ClBuffer(this, 0, 0);
    }
    try (MemoryStack s = stackPush()) {
      IntBuffer err = s.mallocInt(1);
      long mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, err);
      ClErrors.check(err.get(0), "clCreateBuffer(" + bytes + " bytes)");
      return new ClBuffer(this, mem, n);
    }
  }

  @Override
  public String toString() {
    return "opencl:" + info().index() + " (" + info().name() + ")";
  }
}
