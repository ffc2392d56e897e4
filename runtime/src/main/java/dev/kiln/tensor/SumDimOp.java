package dev.kiln.tensor;

/**
 * Eager {@code scale * sum(x, dim)} (sum and mean along one dimension), and its backward. Input
 * {@code (..., n, ...)}, output the shape without {@code dim}, or with it of size 1 ({@code
 * keepdim}: only the shape differs, the kernels are the same).
 */
final class SumDimOp {
  private SumDimOp() {}

  static Tensor apply(Tensor x, int dim, boolean mean) {
    return apply(x, dim, mean, false);
  }

  static Tensor apply(Tensor x, int dim, boolean mean, boolean keepdim) {
    int d = Shapes.normalizeDim(dim, x.dim());
    float scale = mean ? 1f / (x.dim() == 0 ? 1 : x.size(d)) : 1f;
    int[] shape = x.shape();
    if (!keepdim) {
      shape = Shapes.removeDim(shape, d);
    } else if (shape.length > 0) {
      shape[d] = 1;
    }
    Tensor out = x.device().zeros(shape);
    x.device().kernels().sumDim(x, d, out);
    if (scale != 1f) {
      x.device().kernels().scale(out, scale, 0f, out);
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
