package dev.kiln.backend.opencl;

import dev.kiln.tensor.Tensor;

/**
 * Broadcast geometry for the kernels' {@code int8} arguments: an output shape padded on the left
 * to {@link #RANK} dimensions, and an operand's element strides over it (0 along dimensions the
 * operand broadcasts).
 */
final class ClStrides {
  static final int RANK = 8;

  private ClStrides() {}

  /** {@code out}'s shape padded with leading 1s, into {@code dst}; returns it. */
  static int[] shape(Tensor out, int[] dst) {
    check(out);
    int pad = RANK - out.dim();
    for (int d = 0; d < RANK; d++) {
      dst[d] = d < pad ? 1 : out.size(d - pad);
    }
    return dst;
  }

  /** The strides of {@code operand} broadcast to any padded shape it broadcasts to, into {@code dst}. */
  static int[] strides(Tensor operand, int[] dst) {
    check(operand);
    int lead = RANK - operand.dim();
    int stride = 1;
    for (int d = RANK - 1; d >= 0; d--) {
      int size = d < lead ? 1 : operand.size(d - lead);
      dst[d] = size == 1 ? 0 : stride;
      stride *= size;
    }
    return dst;
  }

  private static void check(Tensor t) {
    if (t.dim() > RANK) {
      throw new IllegalArgumentException("OpenCL kernels take tensors of up to " + RANK
          + " dimensions, got " + t.dim());
    }
  }
}
