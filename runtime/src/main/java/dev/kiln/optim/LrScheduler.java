package dev.kiln.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The base of the epoch-based learning-rate schedulers, as PyTorch 1.13's {@code
 * torch.optim.lr_scheduler._LRScheduler}. It drives the lr of every {@linkplain
 * Optimizer#paramGroups() parameter group} the optimizer has when the scheduler is built, each
 * from its own base lr (the group's {@code initial_lr}, set by the first scheduler attached); a
 * group added later is not driven, as in PyTorch. The constructor takes PyTorch's initial step
 * (epoch 0 sets the first lr); call {@link #step()} once after each epoch (after {@code
 * optimizer.step()}). Most rules are PyTorch's recursive ("chainable") forms: they scale each
 * group's current lr, so schedulers can be combined as in PyTorch.
 *
 * <p>Learning rates are computed in double, as PyTorch's Python floats, and handed to the groups
 * as that double; {@link #getLastLrs()} returns them, one per group ({@link #getLastLr()} the
 * first group's).
 *
 * <p><b>State.</b> {@link #state()} holds the counters and lrs ({@code last_epoch}, {@code
 * _step_count}, {@code base_lr}, {@code last_lr}; with several groups also {@code base_lr.<g>},
 * {@code last_lr.<g>} for groups {@code g >= 1}); the options are not state (construct the
 * scheduler the same way). {@link #loadState} also sets the groups' lrs to {@code last_lr},
 * since Kiln's optimizer state does not hold the lr as a double.
 */
public abstract class LrScheduler {
  final Optimizer optimizer;
  final List<ParamGroup> groups;
  final double[] baseLrs;
  int lastEpoch = -1;
  int stepCount;
  double[] lastLrs;

  /** A scheduler of {@code optimizer}'s lrs; the subclass calls {@link #initialStep()}. */
  LrScheduler(Optimizer optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.groups = List.copyOf(optimizer.paramGroups());
    this.baseLrs = new double[groups.size()];
    for (int g = 0; g < baseLrs.length; g++) {
      baseLrs[g] = groups.get(g).initialLr();
    }
    this.lastLrs = new double[groups.size()];
  }

  /** PyTorch's {@code _initial_step}: resets the step count and takes the epoch-0 step. */
  final void initialStep() {
    stepCount = 0;
    step();
  }

  /** Advances one epoch and sets every group's lr for it. */
  public void step() {
    stepCount++;
    lastEpoch++;
    double[] lrs = new double[groups.size()];
    for (int g = 0; g < lrs.length; g++) {
      lrs[g] = computeLr(g);
    }
    set(lrs);
  }

  /** PyTorch's deprecated {@code step(epoch)}: jumps to {@code epoch}, using the closed form. */
  void stepTo(int epoch) {
    stepCount++;
    lastEpoch = epoch;
    double[] lrs = new double[groups.size()];
    for (int g = 0; g < lrs.length; g++) {
      lrs[g] = closedFormLr(g);
    }
    set(lrs);
  }

  final void set(double[] lrs) {
    for (int g = 0; g < lrs.length; g++) {
      groups.get(g).setLrValue(lrs[g]);
    }
    lastLrs = lrs;
  }

  /** Group {@code g}'s lr for {@link #lastEpoch}, from its current lr (PyTorch's get_lr). */
  abstract double computeLr(int g);

  /** Group {@code g}'s lr for {@link #lastEpoch} from its base lr alone; by default computeLr. */
  double closedFormLr(int g) {
    return computeLr(g);
  }

  /** Group {@code g}'s current lr, PyTorch's {@code group["lr"]}. */
  final double current(int g) {
    return groups.get(g).number(Options.LR);
  }

  /** The lr the last step set for the first group (PyTorch's {@code get_last_lr()[0]}). */
  public double getLastLr() {
    return lastLrs[0];
  }

  /** The lrs the last step set, one per group (PyTorch's {@code get_last_lr()}), a new array. */
  public double[] getLastLrs() {
    return lastLrs.clone();
  }

  /** The number of epochs stepped since the constructor's initial step. */
  public int lastEpoch() {
    return lastEpoch;
  }

  /** A copy of the scheduler's state; see the class comment. */
  public Map<String, Double> state() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("last_epoch", (double) lastEpoch);
    out.put("_step_count", (double) stepCount);
    SchedulerStates.putPerGroup(out, "base_lr", baseLrs);
    SchedulerStates.putPerGroup(out, "last_lr", lastLrs);
    return out;
  }

  /**
   * Restores a state {@link #state()} returned, and sets the groups' lrs to its {@code last_lr}.
   *
   * @throws IllegalArgumentException naming every missing or unexpected key (nothing changes)
   */
  public void loadState(Map<String, Double> saved) {
    SchedulerStates.check(saved, state().keySet(), getClass().getSimpleName());
    lastEpoch = saved.get("last_epoch").intValue();
    stepCount = saved.get("_step_count").intValue();
    double[] base = SchedulerStates.perGroup(saved, "base_lr", groups.size());
    System.arraycopy(base, 0, baseLrs, 0, base.length);
    set(SchedulerStates.perGroup(saved, "last_lr", groups.size()));
  }
}
