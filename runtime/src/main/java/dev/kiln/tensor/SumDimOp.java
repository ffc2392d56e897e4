package dev.kiln.tensor;

import dev.kiln.backend.BinaryOp;

/**
 * Eager {@code scale * sum(x, dim)} (sum and mean along one dimension, {@code keepdim=False}),
 * and its backward. Input {@code (..., n, ...)}, output the shape without {@code dim}.
 */
final class SumDimOp {
  private SumDimOp() {}

  static Tensor apply(Tensor x, int dim, boolean mean) {
    int d = Shapes.normalizeDim(dim, x.dim());
    float scale = mean ? 1f / (x.dim() == 0 ? 1 : x.size(d)) : 1f;
    Tensor out = x.device().zeros(Shapes.removeDim(x.shape(), d));
    x.device().kernels().sumDim(x, d, out);
    if (scale != 1f) {
      Tensor s = x.device().zeros();
      x.device().kernels().fill(s, scale);
      x.device().kernels().binary(BinaryOp.MUL, out, s, out);
    }
    if (GradMode.recording(x)) {
      out.setGradFn(new Backward(x, d, scale, mean));
    }
    return out;
  }

  private static final class Backward extends GradFn {
    private final int dim;
    private final float scale;
    private final boolean mean;

    Backward(Tensor x, int dim, float scale, boolean mean) {
      super(x);
      this.dim = dim;
      this.scale = scale;
      this.mean = mean;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().sumDimBackward(dOut, dim, scale, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return mean ? "MeanBackward" : "SumBackward";
    }
  }
}
