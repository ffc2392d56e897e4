package dev.kiln.optim;

/**
 * The 1cycle policy, as PyTorch 1.13's {@code OneCycleLR}: the lr rises from {@code maxLr /
 * divFactor} to {@code maxLr} over the first {@code pctStart} of {@code totalSteps}, then anneals
 * to {@code maxLr / divFactor / finalDivFactor}; with {@code threePhase} it first returns to the
 * initial lr symmetrically, then anneals. Step it after every batch; stepping past {@code
 * totalSteps} throws. Momentum is not cycled (PyTorch's {@code cycle_momentum=False}). Every
 * parameter group follows the same lrs (PyTorch's scalar {@code max_lr}).
 *
 * <pre>
 * OneCycleLR sched = new OneCycleLR(opt, 0.1, epochs * stepsPerEpoch);
 * </pre>
 */
public final class OneCycleLR extends LrScheduler {
  /** How each phase moves between its two lrs. */
  public enum Anneal { COS, LINEAR }

  private final int totalSteps;
  private final Anneal anneal;
  private final double[] phaseEnds;
  private final double[] phaseLrs;

  /** With PyTorch's defaults: pctStart 0.3, cosine, divFactor 25, finalDivFactor 1e4. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(optimizer, maxLr, totalSteps, 0.3, Anneal.COS, 25, 1e4, false);
  }

  /**
   * @throws IllegalArgumentException if {@code totalSteps < 1} or {@code pctStart} is not in [0,
   *     1]
   */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart,
      Anneal anneal, double divFactor, double finalDivFactor, boolean threePhase) {
    super(initialLr(optimizer, maxLr / divFactor));
    if (totalSteps < 1) {
      throw new IllegalArgumentException(
          "Expected positive integer total_steps, but got " + totalSteps);
    }
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new IllegalArgumentException(
          "Expected float between 0 and 1 pct_start, but got " + pctStart);
    }
    this.totalSteps = totalSteps;
    this.anneal = anneal;
    double initial = maxLr / divFactor;
    double min = initial / finalDivFactor;
    double rise = pctStart * totalSteps - 1;
    phaseEnds = threePhase
        ? new double[] {rise, 2 * pctStart * totalSteps - 2, totalSteps - 1}
        : new double[] {rise, totalSteps - 1};
    phaseLrs = threePhase
        ? new double[] {initial, maxLr, initial, min}
        : new double[] {initial, maxLr, min};
    initialStep();
  }

  private static Optimizer initialLr(Optimizer optimizer, double initialLr) {
    for (ParamGroup g : optimizer.paramGroups()) {
      g.setInitialLr(initialLr);
    }
    return optimizer;
  }

  @Override
  double computeLr(int g) {
    if (lastEpoch > totalSteps) {
      throw new IllegalStateException("Tried to step " + lastEpoch
          + " times. The specified number of total steps is " + totalSteps);
    }
    double start = 0;
    for (int i = 0; i < phaseEnds.length; i++) {
      double end = phaseEnds[i];
      if (lastEpoch <= end || i == phaseEnds.length - 1) {
        double pct = (lastEpoch - start) / (end - start);
        return anneal(phaseLrs[i], phaseLrs[i + 1], pct);
      }
      start = end;
    }
    throw new AssertionError();
  }

  private double anneal(double start, double end, double pct) {
    if (anneal == Anneal.LINEAR) {
      return (end - start) * pct + start;
    }
    double cosOut = Math.cos(Math.PI * pct) + 1;
    return end + (start - end) / 2.0 * cosOut;
  }
}
