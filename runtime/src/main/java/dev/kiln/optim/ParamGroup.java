package dev.kiln.optim;

import static dev.kiln.optim.Options.ALPHA;
import static dev.kiln.optim.Options.AMSGRAD;
import static dev.kiln.optim.Options.BETA1;
import static dev.kiln.optim.Options.BETA2;
import static dev.kiln.optim.Options.CENTERED;
import static dev.kiln.optim.Options.DAMPENING;
import static dev.kiln.optim.Options.EPS;
import static dev.kiln.optim.Options.INITIAL_ACCUMULATOR_VALUE;
import static dev.kiln.optim.Options.LR;
import static dev.kiln.optim.Options.LR_DECAY;
import static dev.kiln.optim.Options.MAXIMIZE;
import static dev.kiln.optim.Options.MOMENTUM;
import static dev.kiln.optim.Options.NESTEROV;
import static dev.kiln.optim.Options.WEIGHT_DECAY;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parameter group, as an entry of PyTorch's {@code optimizer.param_groups}: some parameters
 * and the options that apply to them. An option not set on the group is the optimizer's (its
 * constructor's lr and its fluent setters), as PyTorch fills a group from the optimizer's
 * defaults:
 *
 * <pre>{@code
 * Sgd opt = new Sgd(List.of(
 *         ParamGroup.of(model.fc1.parameters()).lr(0.1f),   // this group's own lr
 *         ParamGroup.of(model.fc2.parameters())),           // lr 0.01, momentum 0.9 from opt
 *     0.01f).momentum(0.9f);
 * opt.paramGroups().get(1).lr(0.001f);                      // as param_groups[1]["lr"] = 0.001
 * }</pre>
 *
 * <p>The setters validate as the optimizer's do and return the group. Setting an option the
 * group's optimizer does not have (Adam's {@code betas} on a group of {@link Sgd}) throws when
 * the group is given to the optimizer, or at once if it already belongs to one. The getters
 * return the value that applies (the group's own or the optimizer's); on a group not yet given
 * to an optimizer they return only options set on the group. A group belongs to one optimizer.
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final Map<String, Object> options = new LinkedHashMap<>();
  private Optimizer owner;
  private double initialLr = Double.NaN;

  private ParamGroup(List<Tensor> params) {
    this.params = Collections.unmodifiableList(params);
  }

  /**
   * A group of {@code params} (e.g. {@code model.fc1.parameters()}), in their iteration order.
   *
   * @throws IllegalArgumentException if a parameter is null, computed by an op (not a leaf), or
   *     appears twice
   */
  public static ParamGroup of(Iterable<? extends Tensor> params) {
    Objects.requireNonNull(params, "params");
    List<Tensor> list = new ArrayList<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor p : params) {
      int i = list.size();
      if (p == null) {
        throw new IllegalArgumentException("parameter " + i + " is null");
      }
      if (p.gradFn() != null) {
        throw new IllegalArgumentException(
            "can't optimize a non-leaf tensor: parameter " + i + " was computed by an op");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException("parameter " + i + " appears more than once");
      }
      list.add(p);
    }
    return new ParamGroup(list);
  }

  /** A group of the given parameters; see {@link #of(Iterable)}. */
  public static ParamGroup of(Tensor... params) {
    return of(Arrays.asList(params));
  }

  /** The group's parameters (unmodifiable). */
  public List<Tensor> params() {
    return params;
  }

  /**
   * The options that apply to this group by PyTorch's key ({@code lr}, {@code momentum}, {@code
   * weight_decay}, ...; Adam's betas as {@code beta1} and {@code beta2}), numbers as {@code
   * Double}s and flags as {@code Boolean}s, in the optimizer's order; an unmodifiable snapshot.
   */
  public Map<String, Object> options() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (owner == null) {
      out.putAll(options);
    } else {
      owner.defaults().keySet().forEach(k -> out.put(k, value(k)));
    }
    return Collections.unmodifiableMap(out);
  }

  public ParamGroup lr(float lr) {
    return set(LR, Options.number(LR, lr));
  }

  public ParamGroup momentum(float momentum) {
    return set(MOMENTUM, Options.number(MOMENTUM, momentum));
  }

  public ParamGroup dampening(float dampening) {
    return set(DAMPENING, Options.number(DAMPENING, dampening));
  }

  public ParamGroup weightDecay(float weightDecay) {
    return set(WEIGHT_DECAY, Options.number(WEIGHT_DECAY, weightDecay));
  }

  public ParamGroup nesterov(boolean nesterov) {
    return set(NESTEROV, nesterov);
  }

  public ParamGroup maximize(boolean maximize) {
    return set(MAXIMIZE, maximize);
  }

  /** Adam's and AdamW's running-average coefficients, each in {@code [0, 1)}. */
  public ParamGroup betas(float beta1, float beta2) {
    double b1 = Options.number(BETA1, beta1);
    double b2 = Options.number(BETA2, beta2);
    set(BETA1, b1);
    return set(BETA2, b2);
  }

  public ParamGroup eps(float eps) {
    return set(EPS, Options.number(EPS, eps));
  }

  public ParamGroup amsgrad(boolean amsgrad) {
    return set(AMSGRAD, amsgrad);
  }

  public ParamGroup alpha(float alpha) {
    return set(ALPHA, Options.number(ALPHA, alpha));
  }

  public ParamGroup centered(boolean centered) {
    return set(CENTERED, centered);
  }

  public ParamGroup lrDecay(float lrDecay) {
    return set(LR_DECAY, Options.number(LR_DECAY, lrDecay));
  }

  public ParamGroup initialAccumulatorValue(float value) {
    return set(INITIAL_ACCUMULATOR_VALUE, Options.number(INITIAL_ACCUMULATOR_VALUE, value));
  }

  public float lr() {
    return (float) number(LR);
  }

  public float momentum() {
    return (float) number(MOMENTUM);
  }

  public float dampening() {
    return (float) number(DAMPENING);
  }

  public float weightDecay() {
    return (float) number(WEIGHT_DECAY);
  }

  public boolean nesterov() {
    return flag(NESTEROV);
  }

  public boolean maximize() {
    return flag(MAXIMIZE);
  }

  /** The running-average coefficients, a new array. */
  public float[] betas() {
    return new float[] {(float) number(BETA1), (float) number(BETA2)};
  }

  public float eps() {
    return (float) number(EPS);
  }

  public boolean amsgrad() {
    return flag(AMSGRAD);
  }

  public float alpha() {
    return (float) number(ALPHA);
  }

  public boolean centered() {
    return flag(CENTERED);
  }

  public float lrDecay() {
    return (float) number(LR_DECAY);
  }

  public float initialAccumulatorValue() {
    return (float) number(INITIAL_ACCUMULATOR_VALUE);
  }

  private ParamGroup set(String name, Object value) {
    if (owner != null) {
      owner.setOption(this, name, value);
    } else {
      options.put(name, value);
    }
    return this;
  }

  /** The value that applies: the group's own, else the optimizer's. */
  Object value(String name) {
    Object v = options.get(name);
    if (v == null && owner != null) {
      v = owner.defaults().get(name);
      if (v == null) {
        throw owner.noSuchOption(name);
      }
    }
    if (v == null) {
      throw new IllegalStateException("option '" + name + "' is not set on this group and the"
          + " group belongs to no optimizer yet");
    }
    return v;
  }

  double number(String name) {
    return (Double) value(name);
  }

  boolean flag(String name) {
    return (Boolean) value(name);
  }

  /** The options set on the group itself (for the optimizer; live). */
  Map<String, Object> own() {
    return options;
  }

  Optimizer owner() {
    return owner;
  }

  void attach(Optimizer owner) {
    this.owner = owner;
  }

  /** PyTorch's {@code group["initial_lr"]}: set by the first scheduler, else the current lr. */
  double initialLr() {
    if (Double.isNaN(initialLr)) {
      initialLr = number(LR);
    }
    return initialLr;
  }

  void setInitialLr(double initialLr) {
    this.initialLr = initialLr;
  }

  /** Sets the lr to a scheduler's double, as {@code group["lr"] = ...}. */
  void setLrValue(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
    options.put(LR, lr);
  }

  @Override
  public String toString() {
    return "ParamGroup(" + params.size() + " parameters, " + options() + ")";
  }
}
