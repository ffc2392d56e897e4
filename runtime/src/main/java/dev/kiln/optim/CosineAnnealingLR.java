package dev.kiln.optim;

/**
 * Cosine annealing from the base lr to {@code etaMin} over {@code tMax} epochs, as PyTorch 1.13's
 * {@code CosineAnnealingLR} (without restarts: past {@code tMax} the lr rises again, a period of
 * {@code 2 tMax}). The closed form is {@code etaMin + (baseLr - etaMin) (1 + cos(pi epoch /
 * tMax)) / 2}; like PyTorch, {@link #step()} computes it recursively from the current lr:
 *
 * <pre>
 * lr = (1 + cos(pi e / tMax)) / (1 + cos(pi (e - 1) / tMax)) * (lr - etaMin) + etaMin
 * lr = lr + (baseLr - etaMin) (1 - cos(pi / tMax)) / 2     when (e - 1 - tMax) mod 2 tMax == 0
 * </pre>
 */
public final class CosineAnnealingLR extends LrScheduler {
  private final int tMax;
  private final double etaMin;

  /** With PyTorch's default {@code etaMin} 0. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  /**
   * @throws IllegalArgumentException if {@code tMax < 1}
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax < 1) {
      throw new IllegalArgumentException("tMax must be >= 1, got " + tMax);
    }
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  @Override
  double computeLr(int g) {
    if (lastEpoch == 0) {
      return current(g);
    } else if (stepCount == 1 && lastEpoch > 0) {
      return closedFormLr(g);
    } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
      return current(g) + (baseLrs[g] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
    }
    return (1 + Math.cos(Math.PI * lastEpoch / tMax))
        / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax)) * (current(g) - etaMin) + etaMin;
  }

  @Override
  double closedFormLr(int g) {
    return etaMin + (baseLrs[g] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
  }
}
