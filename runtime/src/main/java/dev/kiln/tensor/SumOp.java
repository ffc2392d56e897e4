package dev.kiln.tensor;

/** Eager {@code scale * sum(x)} (sum and mean), and its backward. */
final class SumOp {
  private SumOp() {}

  static Tensor apply(Tensor x, float scale) {
    Tensor out = x.device().zeros();
    x.device().kernels().sum(x, out);
    if (scale != 1f) {
      Tensor s = x.device().zeros();
      x.device().kernels().fill(s, scale);
      x.device().kernels().binary(dev.kiln.backend.BinaryOp.MUL, out, s, out);
    }
    if (GradMode.recording(x)) {
      out.setGradFn(new Backward(x, scale));
    }
    return out;
  }

  private static final class Backward extends GradFn {
    private final float scale;

    Backward(Tensor x, float scale) {
      super(x);
      this.scale = scale;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().sumBackward(dOut, scale, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return scale == 1f ? "SumBackward" : "MeanBackward";
    }
  }
}
