package dev.kiln.optim;

/**
 * Decays the lr by {@code gamma} every epoch, as PyTorch 1.13's {@code ExponentialLR}: {@code lr
 * = baseLr * gamma^epoch}, computed recursively.
 *
 * <pre>
 * ExponentialLr sched = new ExponentialLr(opt, 0.95);
 * </pre>
 */
public final class ExponentialLr extends LrScheduler {
  private final double gamma;

  public ExponentialLr(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  double computeLr() {
    return lastEpoch == 0 ? current() : current() * gamma;
  }

  @Override
  double closedFormLr() {
    return baseLr * Math.pow(gamma, lastEpoch);
  }
}
