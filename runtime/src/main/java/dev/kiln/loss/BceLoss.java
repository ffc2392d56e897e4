package dev.kiln.loss;

import dev.kiln.backend.LossOp;
import dev.kiln.tensor.Tensor;

/**
 * Binary cross entropy on probabilities, as {@code torch.nn.BCELoss}: {@code -w (y log x + (1 -
 * y) log(1 - x))} with each log clamped to {@code >= -100}, as PyTorch does. Inputs must lie in
 * {@code [0, 1]} (otherwise it throws); prefer {@link BceWithLogitsLoss} on logits.
 *
 * <p>Shapes: input {@code (*)} probabilities; target the same shape (exactly, no broadcasting),
 * values in [0, 1]; optional {@code weight} broadcastable to the input's shape; output {@code ()}
 * for MEAN (default) and SUM, the input's shape for NONE.
 */
public final class BceLoss extends ElementwiseLoss {
  public BceLoss() {
    this(Reduction.MEAN, null);
  }

  public BceLoss(Reduction reduction) {
    this(reduction, null);
  }

  private BceLoss(Reduction reduction, Tensor weight) {
    super(LossOp.BCE, reduction, 0f, weight, null);
  }

  /** The per-element weight (a copy held by this loss), or null. */
  public Tensor weight() {
    return weightTensor();
  }

  @Override
  public BceLoss withReduction(Reduction reduction) {
    return new BceLoss(reduction, weight());
  }

  /** A copy rescaling each element's loss by {@code weight} (broadcast); null removes it. */
  public BceLoss withWeight(Tensor weight) {
    return new BceLoss(reduction(), weight);
  }

  @Override
  void checkValues(Tensor input, Tensor target) {
    float[] x = input.toFloatArray();
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] >= 0f && x[i] <= 1f)) {
        throw new IllegalArgumentException("BCELoss: input element " + i + " is " + x[i]
            + "; every input must be a probability in [0, 1] (use BceWithLogitsLoss on logits)");
      }
    }
  }

  @Override
  protected String typeName() {
    return "BCELoss";
  }
}
