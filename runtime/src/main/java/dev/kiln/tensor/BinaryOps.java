package dev.kiln.tensor;

import dev.kiln.backend.BinaryOp;
import java.util.Locale;

/** Eager add, sub and mul with broadcasting, and their backward. */
final class BinaryOps {
  private BinaryOps() {}

  static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
    Devices.same(a, b);
    Tensor out = a.device().zeros(Shapes.broadcast(a.shape(), b.shape()));
    a.device().kernels().binary(op, a, b, out);
    if (GradMode.recording(a, b)) {
      out.setGradFn(new Backward(op, a, b));
    }
    return out;
  }

  private static final class Backward extends GradFn {
    private final BinaryOp op;

    Backward(BinaryOp op, Tensor a, Tensor b) {
      super(a, b);
      this.op = op;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor a = inputs().get(0);
      Tensor b = inputs().get(1);
      Tensor[] grads = new Tensor[2];
      for (int i = 0; i < 2; i++) {
        Tensor x = inputs().get(i);
        if (x.requiresGrad()) {
          grads[i] = Tensor.zerosLike(x);
          x.device().kernels().binaryBackward(op, i, a, b, dOut, grads[i]);
        }
      }
      return grads;
    }

    @Override
    public String name() {
      String n = op.name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(n.charAt(0)) + n.substring(1) + "Backward";
    }
  }
}
