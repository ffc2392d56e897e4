package dev.kiln.optim;

/**
 * Decays the lr by {@code gamma} every {@code stepSize} epochs, as PyTorch 1.13's {@code StepLR}:
 * {@code lr = baseLr * gamma^(epoch / stepSize)} (integer division), computed recursively.
 *
 * <pre>
 * StepLR sched = new StepLR(opt, 30);           // gamma 0.1: 0.1 for epochs 0-29, 0.01 for 30-59
 * for (int epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * </pre>
 */
public final class StepLR extends LrScheduler {
  private final int stepSize;
  private final double gamma;

  /** With PyTorch's default {@code gamma} 0.1. */
  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  /**
   * @throws IllegalArgumentException if {@code stepSize < 1}
   */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize < 1) {
      throw new IllegalArgumentException("stepSize must be >= 1, got " + stepSize);
    }
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  double computeLr(int g) {
    if (lastEpoch == 0 || lastEpoch % stepSize != 0) {
      return current(g);
    }
    return current(g) * gamma;
  }

  @Override
  double closedFormLr(int g) {
    return baseLrs[g] * Math.pow(gamma, lastEpoch / stepSize);
  }
}
