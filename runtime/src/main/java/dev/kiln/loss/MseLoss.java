package dev.kiln.loss;

import dev.kiln.backend.LossOp;

/**
 * Mean squared error {@code (x - y)^2}, as {@code torch.nn.MSELoss}.
 *
 * <p>Shapes: input {@code (*)}; target the same shape (exactly: {@code (N)} against {@code (N,
 * 1)} throws rather than broadcasting); output {@code ()} for MEAN (default) and SUM, the input's
 * shape for NONE.
 */
public final class MseLoss extends ElementwiseLoss {
  public MseLoss() {
    this(Reduction.MEAN);
  }

  public MseLoss(Reduction reduction) {
    super(LossOp.MSE, reduction, 0f, null, null);
  }

  @Override
  public MseLoss withReduction(Reduction reduction) {
    return new MseLoss(reduction);
  }

  @Override
  protected String typeName() {
    return "MSELoss";
  }
}
