package dev.kiln.tensor;

/** Eager {@code a * x + b} for a scalar {@code mul}, {@code div} or {@code add}, and its backward. */
final class ScaleOp {
  private ScaleOp() {}

  static Tensor apply(Tensor x, float a, float b, String name) {
    Tensor y = x.device().zeros(x.shape());
    x.device().kernels().scale(x, a, b, y);
    if (GradMode.recording(x)) {
      y.setGradFn(new Backward(x, a, name));
    }
    return y;
  }

  private static final class Backward extends GradFn {
    private final float a;
    private final String name;

    Backward(Tensor x, float a, String name) {
      super(x);
      this.a = a;
      this.name = name;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().scaleBackward(dOut, a, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return name;
    }
  }
}
