package dev.kiln.loss;

import dev.kiln.backend.LossOp;

/**
 * Huber loss, as {@code torch.nn.HuberLoss}: with {@code d = |x - y|}, {@code 0.5 d^2} where
 * {@code d < delta}, else {@code delta (d - 0.5 delta)}; {@code delta} defaults to 1 and must be
 * {@code > 0}.
 *
 * <p>Shapes: input {@code (*)}; target the same shape (exactly, no broadcasting); output {@code
 * ()} for MEAN (default) and SUM, the input's shape for NONE.
 */
public final class HuberLoss extends ElementwiseLoss {
  public HuberLoss() {
    this(Reduction.MEAN, 1f);
  }

  public HuberLoss(Reduction reduction) {
    this(reduction, 1f);
  }

  public HuberLoss(Reduction reduction, float delta) {
    super(LossOp.HUBER, reduction, check(delta), null, null);
  }

  private static float check(float delta) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("HuberLoss: delta must be > 0, got " + delta);
    }
    return delta;
  }

  public float delta() {
    return param();
  }

  @Override
  public HuberLoss withReduction(Reduction reduction) {
    return new HuberLoss(reduction, delta());
  }

  /** A copy with another {@code delta} (the switch point between squared and linear). */
  public HuberLoss withDelta(float delta) {
    return new HuberLoss(reduction(), delta);
  }
}
