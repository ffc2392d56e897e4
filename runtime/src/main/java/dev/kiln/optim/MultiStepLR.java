package dev.kiln.optim;

import java.util.Arrays;

/**
 * Decays the lr by {@code gamma} at each milestone epoch, as PyTorch 1.13's {@code MultiStepLR}
 * (a milestone listed twice decays twice): {@code lr = baseLr * gamma^(milestones <= epoch)}.
 *
 * <pre>
 * MultiStepLR sched = new MultiStepLR(opt, new int[] {30, 80}, 0.1);
 * </pre>
 */
public final class MultiStepLR extends LrScheduler {
  private final int[] milestones;
  private final double gamma;

  /** With PyTorch's default {@code gamma} 0.1. */
  public MultiStepLR(Optimizer optimizer, int[] milestones) {
    this(optimizer, milestones, 0.1);
  }

  public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
    super(optimizer);
    this.milestones = milestones.clone();
    Arrays.sort(this.milestones);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  double computeLr(int g) {
    int count = 0;
    for (int m : milestones) {
      count += m == lastEpoch ? 1 : 0;
    }
    return count == 0 ? current(g) : current(g) * Math.pow(gamma, count);
  }

  @Override
  double closedFormLr(int g) {
    int passed = 0;
    for (int m : milestones) {
      passed += m <= lastEpoch ? 1 : 0;
    }
    return baseLrs[g] * Math.pow(gamma, passed);
  }
}
