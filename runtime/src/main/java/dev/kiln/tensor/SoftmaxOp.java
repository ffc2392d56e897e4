package dev.kiln.tensor;

/** Eager {@code softmax} and {@code log_softmax} along one dimension; backward from the output. */
final class SoftmaxOp {
  private SoftmaxOp() {}

  static Tensor apply(Tensor x, int dim, boolean log) {
    int d = Shapes.normalizeDim(dim, x.dim());
    Tensor y = x.device().zeros(x.shape());
    x.device().kernels().softmax(x, d, log, y);
    if (GradMode.recording(x)) {
      y.setGradFn(new Backward(x, y, d, log));
    }
    return y;
  }

  private static final class Backward extends GradFn {
    private final Tensor y;
    private final int dim;
    private final boolean log;

    Backward(Tensor x, Tensor y, int dim, boolean log) {
      super(x);
      this.y = y;
      this.dim = dim;
      this.log = log;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().softmaxBackward(y, dim, log, dOut, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return log ? "LogSoftmaxBackward" : "SoftmaxBackward";
    }
  }
}
