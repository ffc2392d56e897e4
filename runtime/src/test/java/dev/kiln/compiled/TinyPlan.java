package dev.kiln.compiled;

import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;

/**
 * A hand-written plan of the shape the processor generates: {@code y = tanh(x @ w)} with one
 * parameter, every buffer allocated in the constructor, an intermediate gradient buffer
 * registered with {@link #grad}.
 */
final class TinyPlan extends CompiledPlan {
  final Parameter w;
  final Tensor h;
  final Tensor y;
  final Tensor dh;
  private Tensor x;

  TinyPlan(Parameter w, int batch) {
    this(w, batch, Device.cpu());
  }

  TinyPlan(Parameter w, int batch, Device device) {
    super(device);
    this.w = w;
    int m = w.size(1);
    h = value(batch, m);
    y = value(batch, m);
    dh = grad(batch, m);
  }

  Tensor forward(Tensor input) {
    x = input;
    k.matmul(input, w, h);
    k.tanh(h, y);
    return finish(y, input);
  }

  @Override
  protected void backward(Tensor dOut, Tensor[] dInputs) {
    k.tanhBackward(y, dOut, dh);
    if (w.grad() == null) {
      w.setGrad(Tensor.zerosLike(w));
    }
    k.matmulBackward(x, w, dh, dInputs[0], w.grad());
  }
}
