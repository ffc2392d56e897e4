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
  double computeLr() {
    return lastEpoch == 0 ? current() : current() * gamma;
  }

  @Override
  double closedFormLr() {
    return baseLr * Math.pow(gamma, lastEpoch);
  }
}
