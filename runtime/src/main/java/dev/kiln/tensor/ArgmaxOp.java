package dev.kiln.tensor;

/**
 * Eager {@code argmax}, as PyTorch's: the index of the first maximum (NaN counts as the
 * maximum), returned as a float tensor (PyTorch returns int64) and never recorded for backward.
 */
final class ArgmaxOp {
  private ArgmaxOp() {}

  /** Along {@code dim}: input {@code (..., n, ...)}, output the shape without {@code dim}. */
  static Tensor apply(Tensor x, int dim) {
    int d = Shapes.normalizeDim(dim, x.dim());
    if (x.dim() > 0 && x.size(d) == 0) {
      throw new IllegalArgumentException("argmax(" + dim + "): dimension " + d + " of shape "
          + Shapes.toString(x.shape()) + " is empty");
    }
    Tensor out = x.device().zeros(Shapes.removeDim(x.shape(), d));
    x.device().kernels().argmax(x, d, out);
    return out;
  }

  /** Over all elements (row-major index), shape {@code ()}. */
  static Tensor apply(Tensor x) {
    if (x.numel() == 0) {
      throw new IllegalArgumentException("argmax() of an empty tensor, shape "
          + Shapes.toString(x.shape()));
    }
    Tensor flat = new Tensor(x.device(), x.buffer(), x.numel());
    Tensor out = x.device().zeros();
    x.device().kernels().argmax(flat, 0, out);
    return out;
  }
}
