package dev.kiln.optim;

/**
 * Decays the lr by {@code gamma} every epoch, as PyTorch 1.13's {@code ExponentialLR}: {@code lr
 * = baseLr * gamma^epoch}, computed recursively.
 *
 * <pre>
 * ExponentialLR sched = new ExponentialLR(opt, 0.95);
 * </pre>
 */
public final class ExponentialLR extends LrScheduler {
  private final double gamma;

  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  double computeLr(int g) {
    return lastEpoch == 0 ? current(g) : current(g) * gamma;
  }

  @Override
  double closedFormLr(int g) {
    return baseLrs[g] * Math.pow(gamma, lastEpoch);
  }
}
