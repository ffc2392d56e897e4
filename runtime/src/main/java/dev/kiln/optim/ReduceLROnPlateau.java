package dev.kiln.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the lr when a metric stops improving, as PyTorch 1.13's {@code ReduceLROnPlateau}. Call
 * {@link #step(double)} with the metric (e.g. the validation loss) after each epoch; when it has
 * not improved for more than {@code patience} epochs, {@code lr = max(lr * factor, minLr)}
 * (skipped when that changes the lr by at most {@code eps}), then {@code cooldown} epochs pass
 * before bad epochs count again. Improvement, for {@code mode} min with {@code threshold} mode
 * rel: {@code metric < best (1 - threshold)}; abs: {@code metric < best - threshold}; mode max
 * mirrors them.
 *
 * <pre>
 * ReduceLROnPlateau sched = new ReduceLROnPlateau(opt).patience(5).factor(0.5);
 * for (...) { train(); sched.step(validationLoss); }
 * </pre>
 *
 * <p>Every {@linkplain Optimizer#paramGroups() parameter group} the optimizer has when the
 * scheduler is built is reduced, each from its own lr.
 *
 * <p>Options (PyTorch's defaults): mode min, factor 0.1, patience 10, threshold 1e-4 rel,
 * cooldown 0, minLr 0, eps 1e-8. State: {@code last_epoch}, {@code best}, {@code
 * num_bad_epochs}, {@code cooldown_counter}, {@code last_lr} (with several groups also {@code
 * last_lr.<g>} for groups {@code g >= 1}).
 */
public final class ReduceLROnPlateau {
  private final List<ParamGroup> groups;
  private boolean max;
  private double factor = 0.1;
  private int patience = 10;
  private double threshold = 1e-4;
  private boolean absolute;
  private int cooldown;
  private double minLr;
  private double eps = 1e-8;
  private int lastEpoch;
  private double best = Double.POSITIVE_INFINITY;
  private int numBadEpochs;
  private int cooldownCounter;

  public ReduceLROnPlateau(Optimizer optimizer) {
    this.groups = List.copyOf(optimizer.paramGroups());
  }

  /** Maximizes the metric (mode "max") instead of minimizing it; returns this. */
  public ReduceLROnPlateau maximize(boolean max) {
    this.max = max;
    best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    return this;
  }

  /** The factor the lr is multiplied by, {@code < 1}; returns this. */
  public ReduceLROnPlateau factor(double factor) {
    if (!(factor < 1)) {
      throw new IllegalArgumentException("Factor should be < 1.0.");
    }
    this.factor = factor;
    return this;
  }

  public ReduceLROnPlateau patience(int patience) {
    this.patience = patience;
    return this;
  }

  /** The least improvement that counts; {@code absolute} false is PyTorch's "rel". */
  public ReduceLROnPlateau threshold(double threshold, boolean absolute) {
    this.threshold = threshold;
    this.absolute = absolute;
    return this;
  }

  public ReduceLROnPlateau cooldown(int cooldown) {
    this.cooldown = cooldown;
    return this;
  }

  public ReduceLROnPlateau minLr(double minLr) {
    this.minLr = minLr;
    return this;
  }

  public ReduceLROnPlateau eps(double eps) {
    this.eps = eps;
    return this;
  }

  /** Records the epoch's metric and reduces the lr if it has plateaued. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      for (ParamGroup g : groups) {
        double old = g.number(Options.LR);
        double lr = Math.max(old * factor, minLr);
        if (old - lr > eps) {
          g.setLrValue(lr);
        }
      }
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
  }

  private boolean isBetter(double a) {
    if (max) {
      return absolute ? a > best + threshold : a > best * (threshold + 1);
    }
    return absolute ? a < best - threshold : a < best * (1 - threshold);
  }

  /** The first group's current lr. */
  public double getLastLr() {
    return groups.get(0).number(Options.LR);
  }

  /** Every group's current lr, a new array. */
  public double[] getLastLrs() {
    double[] out = new double[groups.size()];
    for (int g = 0; g < out.length; g++) {
      out[g] = groups.get(g).number(Options.LR);
    }
    return out;
  }

  public Map<String, Double> state() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("last_epoch", (double) lastEpoch);
    out.put("best", best);
    out.put("num_bad_epochs", (double) numBadEpochs);
    out.put("cooldown_counter", (double) cooldownCounter);
    SchedulerStates.putPerGroup(out, "last_lr", getLastLrs());
    return out;
  }

  /** Restores a {@link #state()}, and the groups' lrs from its {@code last_lr}. */
  public void loadState(Map<String, Double> saved) {
    SchedulerStates.check(saved, state().keySet(), "ReduceLROnPlateau");
    lastEpoch = saved.get("last_epoch").intValue();
    best = saved.get("best");
    numBadEpochs = saved.get("num_bad_epochs").intValue();
    cooldownCounter = saved.get("cooldown_counter").intValue();
    double[] lrs = SchedulerStates.perGroup(saved, "last_lr", groups.size());
    for (int g = 0; g < lrs.length; g++) {
      groups.get(g).setLrValue(lrs[g]);
    }
  }
}
