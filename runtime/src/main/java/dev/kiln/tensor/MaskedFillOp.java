package dev.kiln.tensor;

import java.util.Arrays;

/**
 * Eager {@code masked_fill}: {@code value} where the mask is nonzero (PyTorch: true), else x;
 * the mask broadcasts to x's shape and gets no gradient.
 */
final class MaskedFillOp {
  private MaskedFillOp() {}

  static Tensor apply(Tensor x, Tensor mask, float value) {
    Devices.same(x, mask);
    int[] shape = Shapes.broadcast(x.shape(), mask.shape());
    if (!Arrays.equals(shape, x.shape())) {
      throw new IllegalArgumentException("masked_fill: the mask of shape "
          + Shapes.toString(mask.shape()) + " must broadcast to the input's shape "
          + Shapes.toString(x.shape()) + " (together they broadcast to "
          + Shapes.toString(shape) + ")");
    }
    Tensor y = x.device().zeros(x.shape());
    x.device().kernels().maskedFill(x, mask, value, y);
    if (GradMode.recording(x)) {
      y.setGradFn(new Backward(x, mask));
    }
    return y;
  }

  private static final class Backward extends GradFn {
    private final Tensor mask;

    Backward(Tensor x, Tensor mask) {
      super(x);
      this.mask = mask;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().maskedFillBackward(mask, dOut, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return "MaskedFillBackward";
    }
  }
}
