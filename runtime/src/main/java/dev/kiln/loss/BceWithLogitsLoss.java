package dev.kiln.loss;

import dev.kiln.backend.LossOp;
import dev.kiln.tensor.Tensor;

/**
 * Binary cross entropy on logits, as {@code torch.nn.BCEWithLogitsLoss}: {@code w ((1 - y) x +
 * (1 + (p - 1) y) log(1 + exp(-x)))}, i.e. {@code -w (p y log s(x) + (1 - y) log(1 - s(x)))}
 * with {@code s} the sigmoid, computed without overflow for any logit.
 *
 * <p>Shapes: input {@code (*)} logits; target the same shape (exactly, no broadcasting); optional
 * {@code weight} broadcastable to the input's shape; optional {@code posWeight}, typically
 * {@code (C)} for a last dimension of C classes, broadcastable to the input's shape; output
 * {@code ()} for MEAN (default) and SUM, the input's shape for NONE.
 */
public final class BceWithLogitsLoss extends ElementwiseLoss {
  public BceWithLogitsLoss() {
    this(Reduction.MEAN, null, null);
  }

  public BceWithLogitsLoss(Reduction reduction) {
    this(reduction, null, null);
  }

  private BceWithLogitsLoss(Reduction reduction, Tensor weight, Tensor posWeight) {
    super(LossOp.BCE_WITH_LOGITS, reduction, 0f, weight, posWeight);
  }

  /** The per-element weight (a copy held by this loss), or null. */
  public Tensor weight() {
    return weightTensor();
  }

  /** The weight of positive targets (a copy held by this loss), or null. */
  public Tensor posWeight() {
    return posWeightTensor();
  }

  @Override
  public BceWithLogitsLoss withReduction(Reduction reduction) {
    return new BceWithLogitsLoss(reduction, weight(), posWeight());
  }

  /** A copy rescaling each element's loss by {@code weight} (broadcast); null removes it. */
  public BceWithLogitsLoss withWeight(Tensor weight) {
    return new BceWithLogitsLoss(reduction(), weight, posWeight());
  }

  /** A copy weighting the positive term by {@code posWeight} (broadcast); null removes it. */
  public BceWithLogitsLoss withPosWeight(Tensor posWeight) {
    return new BceWithLogitsLoss(reduction(), weight(), posWeight);
  }

  @Override
  protected String typeName() {
    return "BCEWithLogitsLoss";
  }
}
