package dev.kiln.tensor;

/** Eager reshape (a copy with a new shape), and its backward. */
final class ReshapeOp {
  private ReshapeOp() {}

  static Tensor apply(Tensor x, int[] shape) {
    return apply(x, shape, "ReshapeBackward");
  }

  /** As {@link #apply(Tensor, int[])}, recorded under {@code name} (view, squeeze, unsqueeze). */
  static Tensor apply(Tensor x, int[] shape, String name) {
    Tensor out = x.device().zeros(shape);
    x.device().kernels().copy(x, out);
    if (GradMode.recording(x)) {
      out.setGradFn(new Backward(x, name));
    }
    return out;
  }

  private static final class Backward extends GradFn {
    private final String name;

    Backward(Tensor x, String name) {
      super(x);
      this.name = name;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().accumulate(dOut, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return name;
    }
  }
}
