package dev.kiln.tensor;

import dev.kiln.backend.Kernels;
import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.backend.cpu.CpuKernels;

/** Where a tensor's memory lives and whose kernels compute on it. */
public abstract class Device {
  private static final Device CPU = new Cpu();

  /** The plain-Java CPU device, the default. */
  public static Device cpu() {
    return CPU;
  }

  /** The kernels that run on this device. */
  public abstract Kernels kernels();

  /** A new zero-filled tensor on this device. */
  public abstract Tensor zeros(int... shape);

  /** Copies a tensor's elements to the heap. */
  public abstract float[] read(Tensor t);

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
    public float[] read(Tensor t) {
      return ((CpuBuffer) t.buffer()).array().clone();
    }

    @Override
    public String toString() {
      return "cpu";
    }
  }
}
