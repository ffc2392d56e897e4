package dev.kiln.backend.opencl;

import static org.lwjgl.opencl.CL10.clReleaseMemObject;

import dev.kiln.backend.Buffer;
import java.lang.ref.Cleaner;

/**
 * A tensor's float32 elements in one OpenCL device's memory ({@code cl_mem}). Released when
 * closed or, at the latest, once the buffer is unreachable. An empty buffer holds no memory.
 */
public final class ClBuffer implements Buffer, AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final ClDevice device;
  private final long mem;
  private final int size;
  private final Cleaner.Cleanable release;

  ClBuffer(ClDevice device, long mem, int size) {
    this.device = device;
    this.mem = mem;
    this.size = size;
    this.release = mem == 0 ? null : CLEANER.register(this, () -> clReleaseMemObject(mem));
  }

  @Override
  public int size() {
    return size;
  }

  /** The device holding this buffer. */
  public ClDevice device() {
    return device;
  }

  /** The {@code cl_mem} handle, 0 when empty. */
  long mem() {
    return mem;
  }

  /** Releases the device memory now; the buffer must not be used afterwards. */
  @Override
  public void close() {
    if (release != null) {
      release.clean();
    }
  }
}
