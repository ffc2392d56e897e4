package dev.kiln.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs schedulers one after another, switching at the milestone epochs, as PyTorch 1.13's {@code
 * SequentialLR}: scheduler {@code i} drives the epochs from {@code milestones[i - 1]} on, and
 * restarts there from its own epoch 0 (closed form). The schedulers must share the optimizer and
 * be constructed just before (each constructor's initial step is undone).
 *
 * <pre>
 * LinearLR warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * ExponentialLR decay = new ExponentialLR(opt, 0.95);
 * SequentialLR sched = new SequentialLR(opt, List.of(warmup, decay), new int[] {5});
 * </pre>
 *
 * <p>State: its own entries, then each scheduler's prefixed {@code "<i>."}.
 */
public final class SequentialLR extends LrScheduler {
  private final List<LrScheduler> schedulers;
  private final int[] milestones;

  /**
   * @throws IllegalArgumentException if there is not exactly one milestone fewer than
   *     schedulers, a scheduler drives another optimizer, or one is a {@code SequentialLR}
   */
  public SequentialLR(Optimizer optimizer, List<? extends LrScheduler> schedulers,
      int[] milestones) {
    super(optimizer);
    this.schedulers = List.copyOf(schedulers);
    this.milestones = milestones.clone();
    if (this.schedulers.isEmpty() || this.milestones.length != this.schedulers.size() - 1) {
      throw new IllegalArgumentException("Sequential Schedulers expects number of schedulers "
          + "provided to be one more than the number of milestone points, but got "
          + this.schedulers.size() + " schedulers and " + this.milestones.length + " milestones");
    }
    for (int i = 0; i < this.schedulers.size(); i++) {
      LrScheduler s = this.schedulers.get(i);
      if (s.optimizer != optimizer || s instanceof SequentialLR) {
        throw new IllegalArgumentException("scheduler " + i
            + (s instanceof SequentialLR ? " is a SequentialLR" : " drives another optimizer"));
      }
    }
    lastEpoch = 0;
    for (ParamGroup g : groups) {
      g.setLrValue(g.initialLr());
    }
    for (LrScheduler s : this.schedulers) {
      s.lastEpoch--;
    }
    this.schedulers.get(0).initialStep();
    lastLrs = this.schedulers.get(0).getLastLrs();
  }

  @Override
  public void step() {
    lastEpoch++;
    int idx = bisectRight(lastEpoch);
    LrScheduler s = schedulers.get(idx);
    if (idx > 0 && milestones[idx - 1] == lastEpoch) {
      s.stepTo(0);
    } else {
      s.step();
    }
    lastLrs = s.getLastLrs();
  }

  private int bisectRight(int epoch) {
    int n = 0;
    while (n < milestones.length && milestones[n] <= epoch) {
      n++;
    }
    return n;
  }

  @Override
  double computeLr(int g) {
    throw new AssertionError("SequentialLR steps its schedulers");
  }

  @Override
  public Map<String, Double> state() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("last_epoch", (double) lastEpoch);
    SchedulerStates.putPerGroup(out, "last_lr", lastLrs);
    for (int i = 0; i < schedulers.size(); i++) {
      int index = i;
      schedulers.get(i).state().forEach((k, v) -> out.put(index + "." + k, v));
    }
    return out;
  }

  @Override
  public void loadState(Map<String, Double> saved) {
    SchedulerStates.check(saved, state().keySet(), "SequentialLR");
    for (int i = 0; i < schedulers.size(); i++) {
      Map<String, Double> sub = new LinkedHashMap<>();
      String prefix = i + ".";
      saved.forEach((k, v) -> {
        if (k.startsWith(prefix)) {
          sub.put(k.substring(prefix.length()), v);
        }
      });
      schedulers.get(i).loadState(sub);
    }
    lastEpoch = saved.get("last_epoch").intValue();
    set(SchedulerStates.perGroup(saved, "last_lr", groups.size()));
  }

  @Override
  public String toString() {
    return "SequentialLR(" + schedulers.size() + " schedulers, milestones="
        + Arrays.toString(milestones) + ")";
  }
}
