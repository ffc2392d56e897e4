package dev.kiln.loss;

import dev.kiln.tensor.GradFn;
import dev.kiln.tensor.Tensor;

/**
 * One loss evaluation's output and backward node, reused by the loss's next call at the same
 * shapes once a backward has run through it ({@link Loss#evaluate}). The input gradient buffer
 * is kept too.
 */
final class LossCall extends GradFn {
  private final Loss loss;
  private final Tensor out;
  private final String name;
  private final Tensor[] grads = new Tensor[1];
  private Tensor target;
  private boolean consumed;

  LossCall(Loss loss, Tensor out) {
    super(new Tensor[1]);
    this.loss = loss;
    this.out = out;
    this.name = loss.getClass().getSimpleName() + "Backward";
  }

  Tensor output() {
    return out;
  }

  /** True when backward has run and a call on these tensors has this call's shapes. */
  boolean reusableFor(Tensor input, Tensor target) {
    Tensor x = inputs().get(0);
    return consumed && x.device() == input.device() && x.sameShape(input)
        && this.target.sameShape(target);
  }

  /** Attaches this node, for {@code input} and {@code target}, to the output. */
  void record(Tensor input, Tensor t) {
    setInput(0, input);
    target = t;
    consumed = false;
    out.setGradFn(this);
  }

  @Override
  public Tensor[] backward(Tensor dOut) {
    Tensor x = inputs().get(0);
    Tensor dx = grads[0];
    if (dx == null || !dx.sameShape(x) || dx.device() != x.device()) {
      dx = Tensor.zerosLike(x);
      grads[0] = dx;
    } else {
      dx.device().kernels().fill(dx, 0f);
    }
    loss.computeBackward(x, target, dOut, dx);
    consumed = true;
    return grads;
  }

  @Override
  public String name() {
    return name;
  }
}
