package dev.kiln.data;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.tensor.Tensor;

/** Row access to CPU tensors: the backing array and the elements per first-dimension row. */
final class Rows {
  private Rows() {}

  static float[] array(Tensor t) {
    if (!(t.buffer() instanceof CpuBuffer b)) {
      throw new IllegalArgumentException("datasets hold CPU tensors; got one on " + t.device());
    }
    return b.array();
  }

  static int width(Tensor t) {
    return t.size(0) == 0 ? 0 : t.numel() / t.size(0);
  }
}
