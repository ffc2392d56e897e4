package dev.kiln.loss;

import dev.kiln.backend.LossOp;

/**
 * Smooth L1, as {@code torch.nn.SmoothL1Loss}: with {@code d = |x - y|}, {@code 0.5 d^2 / beta}
 * where {@code d < beta}, else {@code d - 0.5 beta}; {@code beta} defaults to 1 and must be
 * {@code >= 0} (0 gives L1).
 *
 * <p>Shapes: input {@code (*)}; target the same shape (exactly, no broadcasting); output {@code
 * ()} for MEAN (default) and SUM, the input's shape for NONE.
 */
public final class SmoothL1Loss extends ElementwiseLoss {
  public SmoothL1Loss() {
    this(Reduction.MEAN, 1f);
  }

  public SmoothL1Loss(Reduction reduction) {
    this(reduction, 1f);
  }

  public SmoothL1Loss(Reduction reduction, float beta) {
    super(LossOp.SMOOTH_L1, reduction, check(beta), null, null);
  }

  private static float check(float beta) {
    if (!(beta >= 0)) {
      throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
    }
    return beta;
  }

  public float beta() {
    return param();
  }

  @Override
  public SmoothL1Loss withReduction(Reduction reduction) {
    return new SmoothL1Loss(reduction, beta());
  }

  /** A copy with another {@code beta} (the switch point between squared and absolute). */
  public SmoothL1Loss withBeta(float beta) {
    return new SmoothL1Loss(reduction(), beta);
  }
}
