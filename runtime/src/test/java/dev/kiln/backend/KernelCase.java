package dev.kiln.backend;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * One contract case: kernel calls on fresh, seeded inputs on a device, returning the tensors to
 * compare. The name starts with the {@link Kernels} method it exercises.
 */
record KernelCase(String name, Function<KernelCase.Env, Tensor[]> body) {
  @Override
  public String toString() {
    return name;
  }

  /** Seeded inputs on one device. */
  static final class Env {
    final Device device;
    final Kernels k;
    private final Random random = new Random(42);

    Env(Device device) {
      this.device = device;
      this.k = device.kernels();
    }

    /** Uniform values in {@code [lo, hi)}. */
    Tensor uniform(float lo, float hi, int... shape) {
      float[] v = new float[dev.kiln.tensor.Shapes.numel(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = lo + (hi - lo) * random.nextFloat();
      }
      return device.tensor(v, shape);
    }

    /** Uniform values in {@code [-1, 1)}. */
    Tensor rand(int... shape) {
      return uniform(-1f, 1f, shape);
    }

    /** Integral values in {@code [0, classes)}. */
    Tensor classes(int classes, int... shape) {
      float[] v = new float[dev.kiln.tensor.Shapes.numel(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = random.nextInt(classes);
      }
      return device.tensor(v, shape);
    }

    Tensor of(float[] v, int... shape) {
      return device.tensor(v, shape);
    }

    Tensor zeros(int... shape) {
      return device.zeros(shape);
    }
  }
}
