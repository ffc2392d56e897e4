package dev.kiln.tensor;

import dev.kiln.backend.CompareOp;

/**
 * Eager comparisons with broadcasting. The result is a new float tensor of 0s and 1s (PyTorch
 * returns {@code bool}; Kiln has only float32), never recorded for backward: comparisons have
 * no gradient, as in PyTorch.
 */
final class CompareOps {
  private CompareOps() {}

  static Tensor apply(CompareOp op, Tensor a, Tensor b) {
    Devices.same(a, b);
    Tensor out = a.device().zeros(Shapes.broadcast(a.shape(), b.shape()));
    a.device().kernels().compare(op, a, b, out);
    return out;
  }

  static Tensor apply(CompareOp op, Tensor a, float b) {
    Tensor s = a.device().zeros();
    a.device().kernels().fill(s, b);
    return apply(op, a, s);
  }
}
