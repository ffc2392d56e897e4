package dev.kiln.tensor;

import dev.kiln.backend.Kernels;
import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.backend.cpu.CpuKernels;
import dev.kiln.backend.opencl.OpenCl;

/**
 * Where a tensor's memory lives and whose kernels compute on it: {@link #cpu()} (the default)
 * or an OpenCL device ({@link #opencl()}). Operands of one op must share a device.
 */
public abstract class Device {
  private static final Device CPU = new Cpu();
  private Tensor one;

  /** The plain-Java CPU device, the default. */
  public static Device cpu() {
    return CPU;
  }

  /**
   * The first OpenCL device (a GPU when there is one, else the first device found).
   *
   * @throws dev.kiln.backend.opencl.OpenClUnavailableException naming what was tried, when there
   *     is no OpenCL library, platform or device
   */
  public static Device opencl() {
    return OpenCl.device(-1);
  }

  /** The OpenCL device at {@code index} in {@link OpenCl#devices()} order. */
  public static Device opencl(int index) {
    return OpenCl.device(index);
  }

  /**
   * The device named {@code cpu}, {@code opencl} or {@code opencl:N}.
   *
   * @throws IllegalArgumentException for another name
   */
  public static Device named(String name) {
    return DeviceNames.parse(name);
  }

  /**
   * The device chosen by the {@code kiln.device} system property, else the {@code KILN_DEVICE}
   * environment variable ({@link #named} syntax), else the CPU. When OpenCL is chosen but not
   * available, prints one line saying why to standard error and returns the CPU.
   */
  public static Device configured() {
    return DeviceNames.configured();
  }

  /** The kernels that run on this device. */
  public abstract Kernels kernels();

  /** A new zero-filled tensor on this device. */
  public abstract Tensor zeros(int... shape);

  /** A new tensor on this device holding a copy of {@code data}, viewed with {@code shape}. */
  public abstract Tensor tensor(float[] data, int... shape);

  /** A shared one-element tensor holding 1, shape {@code ()}: backward()'s read-only seed. */
  final synchronized Tensor one() {
    if (one == null) {
      one = tensor(new float[] {1f});
    }
    return one;
  }

  /** Copies a tensor's elements to the heap. */
  public abstract float[] read(Tensor t);

  /** The first element of {@code t} (its only one for {@link Tensor#item()}). */
  float first(Tensor t) {
    return read(t)[0];
  }

  private static final class Cpu extends Device {
    private final Kernels kernels = new CpuKernels();

    @Override
    public Kernels kernels() {
      return kernels;
    }

    @Override
    public Tensor zeros(int... shape) {
      return new Tensor(this, new CpuBuffer(new float[Shapes.numel(shape)]), shape);
    }

    @Override
    public Tensor tensor(float[] data, int... shape) {
      return new Tensor(this, new CpuBuffer(data.clone()), shape);
    }

    @Override
    public float[] read(Tensor t) {
      return ((CpuBuffer) t.buffer()).array().clone();
    }

    @Override
    float first(Tensor t) {
      return ((CpuBuffer) t.buffer()).array()[0]; // no copy: item() in a training step is free
    }

    @Override
    public String toString() {
      return "cpu";
    }
  }
}
