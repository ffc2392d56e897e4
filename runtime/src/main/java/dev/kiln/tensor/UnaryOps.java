package dev.kiln.tensor;

import dev.kiln.backend.Kernels;

/** Eager activations (relu, tanh, sigmoid), and their backward. */
public enum UnaryOps {
  RELU("ReluBackward"),
  TANH("TanhBackward"),
  SIGMOID("SigmoidBackward");

  private final String backwardName;

  UnaryOps(String backwardName) {
    this.backwardName = backwardName;
  }

  /** {@code y = f(x)}, recorded for backward when {@code x} requires grad. */
  public Tensor apply(Tensor x) {
    Tensor y = x.device().zeros(x.shape());
    forward(x.device().kernels(), x, y);
    if (GradMode.recording(x)) {
      y.setGradFn(new Backward(this, x, y));
    }
    return y;
  }

  /** The forward kernel into a preallocated {@code y}. */
  public void forward(Kernels k, Tensor x, Tensor y) {
    switch (this) {
      case RELU -> k.relu(x, y);
      case TANH -> k.tanh(x, y);
      case SIGMOID -> k.sigmoid(x, y);
    }
  }

  /** The backward kernel: {@code dx += f'(x) * dy}. */
  public void backward(Kernels k, Tensor x, Tensor y, Tensor dy, Tensor dx) {
    switch (this) {
      case RELU -> k.reluBackward(x, dy, dx);
      case TANH -> k.tanhBackward(y, dy, dx);
      case SIGMOID -> k.sigmoidBackward(y, dy, dx);
    }
  }

  private static final class Backward extends GradFn {
    private final UnaryOps op;
    private final Tensor y;

    Backward(UnaryOps op, Tensor x, Tensor y) {
      super(x);
      this.op = op;
      this.y = y;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor x = inputs().get(0);
      Tensor dx = Tensor.zerosLike(x);
      op.backward(x.device().kernels(), x, y, dOut, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return op.backwardName;
    }
  }
}
