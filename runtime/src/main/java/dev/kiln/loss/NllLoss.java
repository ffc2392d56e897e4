package dev.kiln.loss;

import dev.kiln.tensor.Tensor;

/**
 * Negative log-likelihood over log-probabilities, as {@code torch.nn.NLLLoss}: {@code l = -w[t]
 * x[t]} per target element, 0 where the target is {@code ignoreIndex}; MEAN divides the sum by
 * {@code sum w[t]} over the non-ignored targets.
 *
 * <p>Shapes: input {@code (N, C)} log-probabilities (or {@code (N, C, d1, ...)}, or unbatched
 * {@code (C)}); target {@code (N)} (or {@code (N, d1, ...)}, or {@code ()}) of class indices
 * stored as integral floats in {@code [0, C)} or equal to {@code ignoreIndex}; optional {@code
 * weight (C)}; output {@code ()} for MEAN (default) and SUM, the target's shape for NONE.
 */
public final class NllLoss extends ClassIndexLoss {
  public NllLoss() {
    this(Reduction.MEAN);
  }

  public NllLoss(Reduction reduction) {
    this(reduction, null, DEFAULT_IGNORE_INDEX);
  }

  private NllLoss(Reduction reduction, Tensor weight, int ignoreIndex) {
    super(reduction, weight, ignoreIndex, 0f, false);
  }

  @Override
  public NllLoss withReduction(Reduction reduction) {
    return new NllLoss(reduction, weight(), ignoreIndex());
  }

  /** A copy with class weights {@code weight (C)}; null removes them. */
  public NllLoss withWeight(Tensor weight) {
    return new NllLoss(reduction(), weight, ignoreIndex());
  }

  /** A copy ignoring targets equal to {@code ignoreIndex}. */
  public NllLoss withIgnoreIndex(int ignoreIndex) {
    return new NllLoss(reduction(), weight(), ignoreIndex);
  }

  @Override
  protected String typeName() {
    return "NLLLoss";
  }
}
