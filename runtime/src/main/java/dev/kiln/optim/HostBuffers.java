package dev.kiln.optim;

import dev.kiln.tensor.Tensor;

/**
 * Host copies of device tensors for the optimizers whose update loop has no device kernel yet
 * ({@link RMSprop}, {@link Adagrad}): read, update in float32 on the host, write back.
 */
final class HostBuffers {
  private HostBuffers() {}

  static float[] read(Tensor t) {
    return t == null ? null : t.toFloatArray();
  }

  static void write(float[] values, Tensor dst) {
    if (values != null) {
      dst.device().kernels().copy(Tensor.of(values, dst.shape()).to(dst.device()), dst);
    }
  }
}
