package dev.kiln.loss;

import dev.kiln.backend.LossOp;

/**
 * Mean absolute error {@code |x - y|}, as {@code torch.nn.L1Loss}; the gradient at {@code x == y}
 * is 0.
 *
 * <p>Shapes: input {@code (*)}; target the same shape (exactly, no broadcasting); output {@code
 * ()} for MEAN (default) and SUM, the input's shape for NONE.
 */
public final class L1Loss extends ElementwiseLoss {
  public L1Loss() {
    this(Reduction.MEAN);
  }

  public L1Loss(Reduction reduction) {
    super(LossOp.L1, reduction, 0f, null, null);
  }

  @Override
  public L1Loss withReduction(Reduction reduction) {
    return new L1Loss(reduction);
  }
}
