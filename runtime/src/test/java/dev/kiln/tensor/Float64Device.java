package dev.kiln.tensor;

import dev.kiln.backend.Buffer;
import dev.kiln.backend.Kernels;

/**
 * A reference device for tests that holds every element as a double and computes every kernel
 * in float64 with plain loops ({@link Float64Kernels}): the same eager ops, autograd and
 * generated plans run on it unchanged, so a central-difference gradient check can run in
 * float64 as PyTorch's {@code gradcheck} does on a {@code module.double()}. Only the CPU reads
 * and writes it; {@link #read} rounds to float32.
 */
public final class Float64Device extends Device {
  public static final Float64Device F64 = new Float64Device();

  private final Kernels kernels = new Float64Kernels();

  private Float64Device() {}

  /** The doubles behind a tensor on this device. */
  public record F64Buffer(double[] array) implements Buffer {
    @Override
    public int size() {
      return array.length;
    }
  }

  /** The elements of {@code t}, which must live on this device. */
  public static double[] d(Tensor t) {
    if (t.buffer() instanceof F64Buffer b) {
      return b.array();
    }
    throw new IllegalArgumentException("tensors on different devices: float64 and " + t.device());
  }

  /** A new tensor on this device holding {@code data} (not copied). */
  public static Tensor of(double[] data, int... shape) {
    return new Tensor(F64, new F64Buffer(data), shape);
  }

  @Override
  public Kernels kernels() {
    return kernels;
  }

  @Override
  public Tensor zeros(int... shape) {
    return new Tensor(this, new F64Buffer(new double[Shapes.numel(shape)]), shape);
  }

  @Override
  public Tensor tensor(float[] data, int... shape) {
    double[] v = new double[data.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = data[i];
    }
    return new Tensor(this, new F64Buffer(v), shape);
  }

  @Override
  public float[] read(Tensor t) {
    double[] v = d(t);
    float[] f = new float[v.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  @Override
  public String toString() {
    return "float64";
  }
}
