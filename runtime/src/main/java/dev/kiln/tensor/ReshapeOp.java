package dev.kiln.tensor;

/** Eager reshape (a copy with a new shape), and its backward. */
final class ReshapeOp {
  private ReshapeOp() {}

  static Tensor apply(Tensor x, int[] shape) {
    Tensor out = x.device().zeros(shape);
    x.device().kernels().copy(x, out);
    if (GradMode.recording(x)) {
      out.setGradFn(new Backward(x));
    }
    return out;
  }

  private static final class Backward extends GradFn {
    Backward(Tensor x) {
      super(x);
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().accumulate(dOut, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return "ReshapeBackward";
    }
  }
}
