package dev.kiln.loss;

import dev.kiln.backend.LossOp;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * A loss computed element by element from an input and a target of one shape (no silent
 * broadcasting: {@code (N)} against {@code (N, 1)} is an error), optionally weighted, then
 * reduced. Input {@code (*)}, target {@code (*)} the same shape; output {@code ()} for MEAN and
 * SUM, {@code (*)} for NONE.
 */
public abstract class ElementwiseLoss extends Loss {
  private final LossOp op;
  private final float param;
  private final Tensor weight;
  private final Tensor posWeight;

  ElementwiseLoss(LossOp op, Reduction reduction, float param, Tensor weight, Tensor posWeight) {
    super(reduction);
    this.op = op;
    this.param = param;
    this.weight = copyOf(weight);
    this.posWeight = copyOf(posWeight);
  }

  /** The per-element weight broadcast to the input's shape, or null. */
  final Tensor weightTensor() {
    return weight;
  }

  final Tensor posWeightTensor() {
    return posWeight;
  }

  final float param() {
    return param;
  }

  /** Extra checks on the values (BCE: probabilities in [0, 1]). */
  void checkValues(Tensor input, Tensor target) {}

  @Override
  public final Tensor apply(Tensor input, Tensor target) {
    if (!input.sameShape(target)) {
      throw new IllegalArgumentException(typeName() + ": target shape " + shape(target)
          + " differs from input shape " + shape(input)
          + "; they must be identical (no broadcasting)");
    }
    checkDevice(input, target, "target");
    checkBroadcast(input, weight, "weight");
    checkBroadcast(input, posWeight, "posWeight");
    checkValues(input, target);
    return evaluate(input, target);
  }

  @Override
  final void compute(Tensor input, Tensor target, Tensor out) {
    input.device().kernels()
        .pointwiseLoss(op, param, input, target, weight, posWeight, reduction(), out);
  }

  @Override
  final void computeBackward(Tensor input, Tensor target, Tensor dOut, Tensor dx) {
    dx.device().kernels().pointwiseLossBackward(
        op, param, input, target, weight, posWeight, reduction(), dOut, dx);
  }

  private void checkBroadcast(Tensor input, Tensor w, String what) {
    if (w == null) {
      return;
    }
    checkDevice(input, w, what);
    boolean ok;
    try {
      ok = Arrays.equals(Shapes.broadcast(input.shape(), w.shape()), input.shape());
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) {
      throw new IllegalArgumentException(typeName() + ": " + what + " of shape " + shape(w)
          + " cannot be broadcast to input shape " + shape(input));
    }
  }
}
