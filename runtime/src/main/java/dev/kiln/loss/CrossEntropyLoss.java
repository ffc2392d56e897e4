package dev.kiln.loss;

import dev.kiln.tensor.Tensor;

/**
 * Cross entropy over logits and class-index targets, as {@code torch.nn.CrossEntropyLoss}:
 * {@code z = log_softmax(x)} over the class dimension (stable for any logit scale), then per
 * target element {@code l = -(1 - s) w[t] z[t] - (s / C) sum_c w[c] z[c]} with {@code s} the
 * label smoothing, and {@code l = 0} where the target is {@code ignoreIndex}; MEAN divides the
 * sum by {@code sum w[t]} over the non-ignored targets — PyTorch 1.13's exact combination of
 * weights, ignored targets and smoothing. Probability ("soft") targets are not supported.
 *
 * <p>Shapes: input {@code (N, C)} logits (or {@code (N, C, d1, ...)}, or unbatched {@code (C)});
 * target {@code (N)} (or {@code (N, d1, ...)}, or {@code ()}) of class indices stored as integral
 * floats in {@code [0, C)} or equal to {@code ignoreIndex}; optional {@code weight (C)}; output
 * {@code ()} for MEAN (default) and SUM, the target's shape for NONE.
 */
public final class CrossEntropyLoss extends ClassIndexLoss {
  public CrossEntropyLoss() {
    this(Reduction.MEAN);
  }

  public CrossEntropyLoss(Reduction reduction) {
    this(reduction, null, DEFAULT_IGNORE_INDEX, 0f);
  }

  private CrossEntropyLoss(Reduction reduction, Tensor weight, int ignoreIndex, float smoothing) {
    super(reduction, weight, ignoreIndex, smoothing, true);
  }

  /** The label smoothing {@code s} in {@code [0, 1]} (default 0). */
  public float labelSmoothing() {
    return labelSmoothingValue();
  }

  @Override
  public CrossEntropyLoss withReduction(Reduction reduction) {
    return new CrossEntropyLoss(reduction, weight(), ignoreIndex(), labelSmoothing());
  }

  /** A copy with class weights {@code weight (C)}; null removes them. */
  public CrossEntropyLoss withWeight(Tensor weight) {
    return new CrossEntropyLoss(reduction(), weight, ignoreIndex(), labelSmoothing());
  }

  /** A copy ignoring targets equal to {@code ignoreIndex}. */
  public CrossEntropyLoss withIgnoreIndex(int ignoreIndex) {
    return new CrossEntropyLoss(reduction(), weight(), ignoreIndex, labelSmoothing());
  }

  /** A copy mixing the target with the uniform distribution by {@code labelSmoothing}. */
  public CrossEntropyLoss withLabelSmoothing(float labelSmoothing) {
    return new CrossEntropyLoss(reduction(), weight(), ignoreIndex(), labelSmoothing);
  }
}
