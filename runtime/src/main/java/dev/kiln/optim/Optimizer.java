package dev.kiln.optim;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The base of every optimizer, as PyTorch's {@code torch.optim.Optimizer} with one parameter
 * group: a fixed, ordered list of parameters, a learning rate, and per-parameter state.
 *
 * <p>{@link #step()} updates every parameter that has a gradient ({@code grad() != null}) and
 * {@code requiresGrad()}; the others (frozen parameters, parameters no backward reached) are
 * skipped and their state left untouched, as in PyTorch.
 *
 * <p><b>Options.</b> Subclasses configure their options with fluent setters that return the
 * optimizer, e.g. {@code new Sgd(params, 0.1f).momentum(0.9f).nesterov(true)}. Each value is
 * validated when it is set (an {@link IllegalArgumentException} with PyTorch's message); rules
 * that combine options (SGD's Nesterov) are checked by {@link #step()}. Options may change between
 * steps, as PyTorch's {@code param_groups} (schedulers change {@link #setLr}), except those that
 * change the layout of the state (Adam's {@code amsgrad}), which are fixed once state exists.
 *
 * <p><b>Hyperparameter precision.</b> PyTorch holds hyperparameters as Python floats (doubles).
 * The {@code float} given here is widened through its shortest decimal form ({@code 0.9f} becomes
 * the double {@code 0.9}, not {@code 0.899999976...}), so that scalars derived from it such as
 * {@code 1 - beta1} or {@code lr / (1 - beta1^t)} equal PyTorch's.
 *
 * <p><b>State for checkpointing.</b> {@link #state()} returns the state as a flat map keyed {@code
 * "<index>.<name>"}, where {@code index} is the parameter's position in {@link #params()} and
 * {@code name} is PyTorch's (e.g. {@code "0.momentum_buffer"}, {@code "1.exp_avg"}, {@code
 * "1.step"}); a parameter never stepped has no entries. {@code step} is a float32 scalar of shape
 * {@code ()} holding the count, as PyTorch 1.13's. {@link #loadState} takes such a map back.
 * Together with the model's {@code stateDict()} this resumes training exactly; the
 * hyperparameters themselves are not part of the state (construct the optimizer the same way).
 */
public abstract class Optimizer {
  private static final String STEP = "step";

  private final List<Tensor> params;
  private final List<Map<String, Tensor>> state;
  private double lr;
  private double initialLr = Double.NaN;

  /**
   * An optimizer over {@code params} (e.g. {@code model.parameters()}), in their iteration order.
   *
   * @throws IllegalArgumentException if there are no parameters, one is null, computed by an op
   *     (not a leaf), or appears twice, or if {@code lr} is negative or not finite
   */
  protected Optimizer(Iterable<? extends Tensor> params, float lr) {
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
    if (list.isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    this.params = Collections.unmodifiableList(list);
    this.state = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      state.add(new LinkedHashMap<>());
    }
    setLr(lr);
  }

  /** The parameters, in the order that numbers the state keys (unmodifiable). */
  public final List<Tensor> params() {
    return params;
  }

  /** The learning rate. */
  public final float lr() {
    return (float) lr;
  }

  /** The learning rate as the double the update uses (see the class comment). */
  protected final double lrValue() {
    return lr;
  }

  /**
   * Sets the learning rate used by the following steps (for schedulers).
   *
   * @throws IllegalArgumentException if {@code lr} is negative or not finite
   */
  public final void setLr(float lr) {
    this.lr = nonNegative(lr, "learning rate");
  }

  /** Sets the learning rate to a scheduler's double, as PyTorch's {@code group["lr"] = ...}. */
  final void setLrValue(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
    this.lr = lr;
  }

  /**
   * The lr schedulers start from, PyTorch's {@code group["initial_lr"]}: set by the first
   * scheduler attached (to the lr then, unless the scheduler sets it) and shared by later ones.
   */
  final double initialLr() {
    if (Double.isNaN(initialLr)) {
      initialLr = lr;
    }
    return initialLr;
  }

  final void setInitialLr(double initialLr) {
    this.initialLr = initialLr;
  }

  /**
   * Fills every existing gradient with zeros, in place; parameters without a gradient keep none.
   * This is PyTorch 1.13's default {@code zero_grad(set_to_none=False)} and Kiln's {@code
   * Module.zeroGrad()}: the gradient buffers are kept and reused by the next backward.
   */
  public final void zeroGrad() {
    zeroGrad(false);
  }

  /**
   * As {@link #zeroGrad()}, or with {@code setToNone} clears every gradient to {@code null}
   * instead, as PyTorch's {@code zero_grad(set_to_none=True)}.
   */
  public final void zeroGrad(boolean setToNone) {
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (p.grad() == null) {
        continue;
      }
      if (setToNone) {
        p.setGrad(null);
      } else {
        p.device().kernels().fill(p.grad(), 0f);
      }
    }
  }

  /**
   * Updates every parameter that requires grad and has a gradient, in place.
   *
   * @throws IllegalArgumentException if the options are inconsistent (nothing is updated)
   * @throws IllegalStateException if a gradient's shape differs from its parameter's (checked for
   *     every parameter before any is updated)
   */
  public final void step() {
    checkOptions();
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (updates(p) && !p.grad().sameShape(p)) {
        throw new IllegalStateException("the gradient of parameter " + i + " has shape "
            + Shapes.toString(p.grad().shape()) + " but the parameter has shape "
            + Shapes.toString(p.shape()));
      }
    }
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (updates(p)) {
        update(p, p.grad(), state.get(i));
      }
    }
  }

  private static boolean updates(Tensor p) {
    return p.requiresGrad() && p.grad() != null;
  }

  /**
   * A copy of the state: for each parameter that has state, in parameter order, its entries
   * {@code "<index>.<name>"} in {@link #stateNames()} order. Later steps do not change the copy.
   */
  public final Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      for (Map.Entry<String, Tensor> e : state.get(i).entrySet()) {
        out.put(i + "." + e.getKey(), e.getValue().detach());
      }
    }
    return out;
  }

  /**
   * Replaces the whole state by a copy of {@code saved}, in the form {@link #state()} returns.
   * For each parameter, {@code saved} holds either none of its entries (it starts afresh) or all
   * of {@link #stateNames()}. Buffers must have the parameter's shape; {@code step} must have
   * shape {@code ()} and hold a whole number {@code >= 0}.
   *
   * @throws IllegalArgumentException listing every unexpected key, missing entry, wrong shape and
   *     bad step value, or if the options are inconsistent; the state is then unchanged
   */
  public final void loadState(Map<String, ? extends Tensor> saved) {
    Objects.requireNonNull(saved, "saved");
    checkOptions();
    List<Map<String, Tensor>> loaded =
        OptimizerStates.parse(saved, params, stateNames(), getClass().getSimpleName());
    for (int i = 0; i < params.size(); i++) {
      state.set(i, loaded.get(i));
    }
  }

  /** Whether any parameter has state (after a step that reached it, or a non-empty load). */
  protected final boolean hasState() {
    return state.stream().anyMatch(s -> !s.isEmpty());
  }

  /**
   * The names of a stepped parameter's state entries under the current options, in order;
   * {@code "step"} is a scalar count, every other entry a buffer of the parameter's shape.
   */
  protected abstract List<String> stateNames();

  /** Checks rules that combine options; throws {@link IllegalArgumentException}. */
  protected void checkOptions() {}

  /**
   * Updates one parameter in place from its gradient (same shape); {@code state} is the
   * parameter's own state, empty before its first update, to be filled in {@link #stateNames()}
   * order.
   */
  protected abstract void update(Tensor param, Tensor grad, Map<String, Tensor> state);

  /** Increments the scalar {@code "step"} entry (created at 0) and returns the new count. */
  protected static long incrementStep(Map<String, Tensor> state) {
    Tensor t = state.computeIfAbsent(STEP, k -> Tensor.scalar(0f));
    long step = (long) t.item() + 1;
    t.device().kernels().fill(t, step);
    return step;
  }

  /** {@code value} widened to the double it was written as (see the class comment). */
  static double widen(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /** Validates {@code value >= 0} (and finite); returns it {@linkplain #widen widened}. */
  static double nonNegative(float value, String what) {
    if (!(value >= 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
    return widen(value);
  }
}
