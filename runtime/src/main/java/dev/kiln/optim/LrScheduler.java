package dev.kiln.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The base of the epoch-based learning-rate schedulers, as PyTorch 1.13's {@code
 * torch.optim.lr_scheduler._LRScheduler} on one parameter group. The constructor takes PyTorch's
 * initial step (epoch 0 sets the first lr); call {@link #step()} once after each epoch (after
 * {@code optimizer.step()}). Most rules are PyTorch's recursive ("chainable") forms: they scale
 * the optimizer's current lr, so schedulers can be combined as in PyTorch.
 *
 * <p>Learning rates are computed in double, as PyTorch's Python floats, and handed to the
 * optimizer as that double; {@link #getLastLr()} returns it.
 *
 * <p><b>State.</b> {@link #state()} holds the counters and lrs ({@code last_epoch}, {@code
 * _step_count}, {@code base_lr}, {@code last_lr}); the options are not state (construct the
 * scheduler the same way). {@link #loadState} also sets the optimizer's lr to {@code last_lr},
 * since Kiln's optimizer state does not hold the lr as a double.
 */
public abstract class LrScheduler {
  final Optimizer optimizer;
  double baseLr;
  int lastEpoch = -1;
  int stepCount;
  double lastLr;

  /** A scheduler of {@code optimizer}'s lr; the subclass calls {@link #initialStep()}. */
  LrScheduler(Optimizer optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.baseLr = optimizer.initialLr();
  }

  /** PyTorch's {@code _initial_step}: resets the step count and takes the epoch-0 step. */
  final void initialStep() {
    stepCount = 0;
    step();
  }

  /** Advances one epoch and sets the optimizer's lr for it. */
  public void step() {
    stepCount++;
    lastEpoch++;
    set(computeLr());
  }

  /** PyTorch's deprecated {@code step(epoch)}: jumps to {@code epoch}, using the closed form. */
  void stepTo(int epoch) {
    stepCount++;
    lastEpoch = epoch;
    set(closedFormLr());
  }

  final void set(double lr) {
    optimizer.setLrValue(lr);
    lastLr = lr;
  }

  /** The lr for {@link #lastEpoch}, from the optimizer's current lr (PyTorch's get_lr). */
  abstract double computeLr();

  /** The lr for {@link #lastEpoch} from {@link #baseLr} alone; by default {@link #computeLr}. */
  double closedFormLr() {
    return computeLr();
  }

  /** The optimizer's current lr, PyTorch's {@code group["lr"]}. */
  final double current() {
    return optimizer.lrValue();
  }

  /** The lr the last step set (PyTorch's {@code get_last_lr()[0]}). */
  public double getLastLr() {
    return lastLr;
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
    out.put("base_lr", baseLr);
    out.put("last_lr", lastLr);
    return out;
  }

  /**
   * Restores a state {@link #state()} returned, and sets the optimizer's lr to its {@code
   * last_lr}.
   *
   * @throws IllegalArgumentException naming every missing or unexpected key (nothing changes)
   */
  public void loadState(Map<String, Double> saved) {
    SchedulerStates.check(saved, state().keySet(), getClass().getSimpleName());
    lastEpoch = saved.get("last_epoch").intValue();
    stepCount = saved.get("_step_count").intValue();
    baseLr = saved.get("base_lr");
    set(saved.get("last_lr"));
  }
}
