package dev.kiln.nn;

import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/** Eager {@link F#prelu} with autograd for both the input and the weight. */
final class PreluOp {
  private PreluOp() {}

  static Tensor apply(Tensor x, Tensor weight) {
    int c = weight.numel();
    int channels = x.dim() >= 2 ? x.size(1) : 1;
    if (c == 0 || (c > 1 && c != channels)) {
      throw new IllegalArgumentException("prelu: mismatch of parameter numbers and input channel"
          + " size: found parameter numbers = " + c + " and channel size = " + channels
          + " (input shape " + Shapes.toString(x.shape()) + ")");
    }
    Tensor y = x.device().zeros(x.shape());
    x.device().kernels().prelu(x, weight, y);
    if (GradMode.recording(x, weight)) {
      y.setGradFn(new Backward(x, weight));
    }
    return y;
  }

  private static final class Backward extends GradFn {
    Backward(Tensor x, Tensor weight) {
      super(x, weight);
    }

    @Override
    public Tensor[] backward(Tensor dy) {
      Tensor x = inputs().get(0);
      Tensor w = inputs().get(1);
      Tensor dx = x.requiresGrad() ? Tensor.zerosLike(x) : null;
      Tensor dw = w.requiresGrad() ? Tensor.zerosLike(w) : null;
      x.device().kernels().preluBackward(x, w, dy, dx, dw);
      return new Tensor[] {dx, dw};
    }

    @Override
    public String name() {
      return "PreluBackward";
    }
  }
}
