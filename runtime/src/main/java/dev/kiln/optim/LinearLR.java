package dev.kiln.optim;

/**
 * Scales the lr by a factor changing linearly from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} epochs, then constant, as PyTorch 1.13's {@code LinearLR} (a warm-up):
 * {@code lr = baseLr (startFactor + (endFactor - startFactor) min(epoch, totalIters) /
 * totalIters)}, computed recursively.
 *
 * <pre>
 * LinearLR warmup = new LinearLR(opt, 0.1, 1.0, 5);   // 10% of the lr rising to 100% in 5 epochs
 * </pre>
 */
public final class LinearLR extends LrScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /** With PyTorch's defaults: {@code startFactor} 1/3, {@code endFactor} 1, 5 epochs. */
  public LinearLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 1.0, 5);
  }

  /**
   * @throws IllegalArgumentException if {@code startFactor} is not in (0, 1], {@code endFactor}
   *     not in [0, 1], or {@code totalIters < 1}
   */
  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("Starting multiplicative factor expected to be greater"
          + " than 0 and less or equal to 1, got " + startFactor);
    }
    if (!(endFactor >= 0 && endFactor <= 1)) {
      throw new IllegalArgumentException(
          "Ending multiplicative factor expected to be between 0 and 1, got " + endFactor);
    }
    if (totalIters < 1) {
      throw new IllegalArgumentException("totalIters must be >= 1, got " + totalIters);
    }
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    initialStep();
  }

  @Override
  double computeLr(int g) {
    if (lastEpoch == 0) {
      return current(g) * startFactor;
    }
    if (lastEpoch > totalIters) {
      return current(g);
    }
    return current(g) * (1.0 + (endFactor - startFactor)
        / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
  }

  @Override
  double closedFormLr(int g) {
    return baseLrs[g] * (startFactor
        + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters);
  }
}
