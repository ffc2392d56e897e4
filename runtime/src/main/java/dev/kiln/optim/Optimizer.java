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

/**
 * The base of every optimizer, as PyTorch's {@code torch.optim.Optimizer}: {@linkplain
 * #paramGroups() parameter groups}, each a list of parameters with its own options (lr, weight
 * decay, momentum, ...), and per-parameter state.
 *
 * <p>{@link #step()} updates every parameter that has a gradient ({@code grad() != null}) and
 * {@code requiresGrad()}, with its group's options; the others (frozen parameters, parameters no
 * backward reached) are skipped and their state left untouched, as in PyTorch.
 *
 * <p><b>Options.</b> Subclasses configure their options with fluent setters that return the
 * optimizer, e.g. {@code new Sgd(params, 0.1f).momentum(0.9f).nesterov(true)}. These set the
 * optimizer's defaults, PyTorch's {@code defaults}: they apply to every group that does not set
 * the option itself ({@link ParamGroup}). Each value is validated when it is set (an {@link
 * IllegalArgumentException} with PyTorch's message); rules that combine options (SGD's Nesterov)
 * are checked by {@link #step()}. Options may change between steps, as PyTorch's {@code
 * param_groups} (schedulers change each group's lr), except those that change the layout of the
 * state (Adam's {@code amsgrad}), which are fixed once the group has state.
 *
 * <p><b>Hyperparameter precision.</b> PyTorch holds hyperparameters as Python floats (doubles).
 * The {@code float} given here is widened through its shortest decimal form ({@code 0.9f} becomes
 * the double {@code 0.9}, not {@code 0.899999976...}), so that scalars derived from it such as
 * {@code 1 - beta1} or {@code lr / (1 - beta1^t)} equal PyTorch's.
 *
 * <p><b>State for checkpointing.</b> {@link #state()} returns the state as a flat map keyed {@code
 * "<index>.<name>"}, where {@code index} is the parameter's position in {@link #params()} (the
 * groups' parameters one group after another, as PyTorch's {@code state_dict} numbers them) and
 * {@code name} is PyTorch's (e.g. {@code "0.momentum_buffer"}, {@code "1.exp_avg"}, {@code
 * "1.step"}); a parameter never stepped has no entries. {@code step} is a float32 scalar of shape
 * {@code ()} holding the count, as PyTorch 1.13's. {@link #paramGroupsState()} holds the groups
 * (sizes and every option, PyTorch's {@code state_dict()["param_groups"]}); {@link
 * #loadState(Map, Map)} takes both back, all or nothing, as PyTorch's {@code load_state_dict}.
 */
public abstract class Optimizer {
  private static final String STEP = "step";

  private final Map<String, Object> defaults;
  private final List<ParamGroup> groups = new ArrayList<>();
  private final List<Tensor> params = new ArrayList<>();
  private final List<ParamGroup> groupOf = new ArrayList<>();
  private final List<Map<String, Tensor>> state = new ArrayList<>();
  private final Map<Tensor, Integer> index = new IdentityHashMap<>();

  /**
   * An optimizer over {@code params} (e.g. {@code model.parameters()}), in their iteration order,
   * as one group, with the subclass's {@code defaults} (option name to value, see {@link
   * ParamGroup#options()}).
   *
   * @throws IllegalArgumentException if there are no parameters, one is null, computed by an op
   *     (not a leaf), or appears twice, or if {@code lr} is negative or not finite
   */
  protected Optimizer(Iterable<? extends Tensor> params, float lr, Map<String, ?> defaults) {
    this(List.of(ParamGroup.of(params)), lr, defaults);
    if (this.params.isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
  }

  /**
   * An optimizer over parameter groups, as PyTorch's list of dicts; options a group does not set
   * are the optimizer's: {@code lr} and {@code defaults}.
   *
   * @throws IllegalArgumentException if {@code groups} is empty, a parameter is in two groups, a
   *     group sets an option this optimizer does not have, or {@code lr} is negative or not
   *     finite
   */
  protected Optimizer(List<ParamGroup> groups, float lr, Map<String, ?> defaults) {
    this(groups, (Double) Options.number(Options.LR, lr), defaults);
  }

  /**
   * As {@link #Optimizer(List, float, Map)} with PyTorch's {@code lr=required}: every group must
   * set its own lr.
   */
  protected Optimizer(List<ParamGroup> groups, Map<String, ?> defaults) {
    this(groups, (Double) null, defaults);
  }

  private Optimizer(List<ParamGroup> groups, Double lr, Map<String, ?> defaults) {
    Objects.requireNonNull(groups, "groups");
    this.defaults = new LinkedHashMap<>();
    this.defaults.put(Options.LR, lr);
    this.defaults.putAll(defaults);
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    try {
      for (ParamGroup g : groups) {
        addParamGroup(g);
      }
    } catch (RuntimeException e) {
      this.groups.forEach(g -> g.attach(null));
      throw e;
    }
    if (lr == null) {
      this.defaults.put(Options.LR, this.groups.get(0).number(Options.LR));
    }
  }

  /**
   * Adds a group, as PyTorch's {@code add_param_group}: its parameters are numbered after the
   * existing ones and it takes the optimizer's options it does not set. Schedulers built before
   * do not drive it (as in PyTorch).
   *
   * @throws IllegalArgumentException if a parameter is already in a group, the group sets an
   *     option this optimizer does not have, lacks a required lr, or belongs to an optimizer
   */
  public final void addParamGroup(ParamGroup group) {
    Objects.requireNonNull(group, "group");
    int g = groups.size();
    if (group.owner() != null) {
      throw new IllegalArgumentException("parameter group " + g
          + " already belongs to an optimizer");
    }
    for (String name : group.own().keySet()) {
      if (!defaults.containsKey(name)) {
        throw noSuchOption(name + "' (parameter group " + g + ")");
      }
    }
    if (defaults.get(Options.LR) == null && !group.own().containsKey(Options.LR)) {
      throw new IllegalArgumentException("parameter group " + g
          + " didn't specify a value of required optimization parameter lr");
    }
    for (int i = 0; i < group.params().size(); i++) {
      Integer other = index.get(group.params().get(i));
      if (other != null) {
        throw new IllegalArgumentException("some parameters appear in more than one parameter"
            + " group: parameter " + i + " of group " + g + " is also in group "
            + groups.indexOf(groupOf.get(other)));
      }
    }
    group.attach(this);
    groups.add(group);
    for (Tensor p : group.params()) {
      index.put(p, params.size());
      params.add(p);
      groupOf.add(group);
      state.add(new LinkedHashMap<>());
    }
  }

  /** The parameter groups, PyTorch's {@code param_groups} (unmodifiable; the groups are live). */
  public final List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** Every group's parameters, in the order that numbers the state keys (unmodifiable). */
  public final List<Tensor> params() {
    return Collections.unmodifiableList(params);
  }

  /** The learning rate of the first group ({@code param_groups[0]["lr"]}). */
  public final float lr() {
    return (float) lrValue();
  }

  /** The first group's lr as the double the update uses (see the class comment). */
  protected final double lrValue() {
    return groups.get(0).number(Options.LR);
  }

  /**
   * Sets the learning rate of every group used by the following steps, and the default of
   * groups added later, as {@code for g in param_groups: g["lr"] = lr}.
   *
   * @throws IllegalArgumentException if {@code lr} is negative or not finite
   */
  public final void setLr(float lr) {
    double v = Options.number(Options.LR, lr);
    defaults.put(Options.LR, v);
    groups.forEach(g -> g.own().put(Options.LR, v));
  }

  /** The optimizer's defaults (live, for the groups). */
  final Map<String, Object> defaults() {
    return defaults;
  }

  /** The optimizer's value of a number option (what its groups inherit). */
  protected final double defaultNumber(String name) {
    return (Double) defaults.get(name);
  }

  /** The optimizer's value of a flag option (what its groups inherit). */
  protected final boolean defaultFlag(String name) {
    return (Boolean) defaults.get(name);
  }

  final IllegalArgumentException noSuchOption(String name) {
    return new IllegalArgumentException(getClass().getSimpleName() + " has no option '" + name
        + "'");
  }

  /** Sets a default (the subclasses' fluent setters); checked as {@link #setOption}. */
  protected final void setDefault(String name, Object value) {
    List<ParamGroup> affected = new ArrayList<>();
    for (ParamGroup g : groups) {
      if (!g.own().containsKey(name)) {
        affected.add(g);
      }
    }
    changeLayoutChecked(affected, name, () -> defaults.put(name, value),
        old -> defaults.put(name, old), defaults.get(name));
  }

  /** Sets a group's option; one that changes the state layout is refused once it has state. */
  final void setOption(ParamGroup group, String name, Object value) {
    if (!defaults.containsKey(name)) {
      throw noSuchOption(name);
    }
    Map<String, Object> own = group.own();
    boolean had = own.containsKey(name);
    Object old = own.get(name);
    changeLayoutChecked(List.of(group), name, () -> own.put(name, value),
        o -> {
          if (had) {
            own.put(name, o);
          } else {
            own.remove(name);
          }
        }, old);
  }

  private void changeLayoutChecked(List<ParamGroup> affected, String name, Runnable apply,
      java.util.function.Consumer<Object> revert, Object old) {
    List<List<String>> before = new ArrayList<>();
    for (ParamGroup g : affected) {
      before.add(stateNames(g));
    }
    apply.run();
    for (int i = 0; i < affected.size(); i++) {
      if (hasState(affected.get(i)) && !before.get(i).equals(stateNames(affected.get(i)))) {
        revert.accept(old);
        throw new IllegalStateException(name + " changes the optimizer state's layout; set it"
            + " before the first step() or loadState()");
      }
    }
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
    for (int i = 0; i < params.size(); i++) { // indexed: no iterator per step before C2 compiles
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
   * Updates every parameter that requires grad and has a gradient, in place, with its group's
   * options.
   *
   * @throws IllegalArgumentException if the options are inconsistent (nothing is updated)
   * @throws IllegalStateException if a gradient's shape differs from its parameter's (checked for
   *     every parameter before any is updated)
   */
  public final void step() {
    for (int g = 0; g < groups.size(); g++) {
      checkOptions(groups.get(g));
    }
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
        update(groupOf.get(i), p, p.grad(), state.get(i));
      }
    }
  }

  private static boolean updates(Tensor p) {
    return p.requiresGrad() && p.grad() != null;
  }

  /**
   * A copy of the state: for each parameter that has state, in parameter order, its entries
   * {@code "<index>.<name>"} in {@link #stateNames} order. Later steps do not change the copy.
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
   * The groups as PyTorch's {@code state_dict()["param_groups"]}: for each group {@code g},
   * {@code "<g>.params"} (its number of parameters) and {@code "<g>.<option>"} for every option
   * (flags as 1 or 0), exact doubles.
   */
  public final Map<String, Double> paramGroupsState() {
    return ParamGroupStates.save(groups);
  }

  /**
   * Replaces the whole state by a copy of {@code saved}, in the form {@link #state()} returns.
   * For each parameter, {@code saved} holds either none of its entries (it starts afresh) or all
   * of {@link #stateNames}. Buffers must have the parameter's shape; {@code step} must have
   * shape {@code ()} and hold a whole number {@code >= 0}.
   *
   * @throws IllegalArgumentException listing every unexpected key, missing entry, wrong shape and
   *     bad step value, or if the options are inconsistent; the state is then unchanged
   */
  public final void loadState(Map<String, ? extends Tensor> saved) {
    Objects.requireNonNull(saved, "saved");
    groups.forEach(this::checkOptions);
    List<List<String>> names = new ArrayList<>();
    groupOf.forEach(g -> names.add(stateNames(g)));
    List<Map<String, Tensor>> loaded =
        OptimizerStates.parse(saved, params, names, getClass().getSimpleName());
    for (int i = 0; i < params.size(); i++) {
      state.set(i, loaded.get(i));
    }
  }

  /**
   * As {@link #loadState(Map)}, first setting every group's options from {@code paramGroups}
   * (as {@link #paramGroupsState()} returns them), as PyTorch's {@code load_state_dict}. All or
   * nothing: if the groups differ in number or size, a key is missing or unexpected, a value is
   * invalid, or the state does not fit, nothing changes.
   */
  public final void loadState(Map<String, ? extends Tensor> saved,
      Map<String, Double> paramGroups) {
    Objects.requireNonNull(saved, "saved");
    List<Map<String, Object>> options =
        ParamGroupStates.parse(paramGroups, groups, defaults.keySet(),
            getClass().getSimpleName());
    List<Map<String, Object>> before = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      Map<String, Object> own = groups.get(g).own();
      before.add(new LinkedHashMap<>(own));
      own.clear();
      own.putAll(options.get(g));
    }
    try {
      loadState(saved);
    } catch (RuntimeException e) {
      for (int g = 0; g < groups.size(); g++) {
        groups.get(g).own().clear();
        groups.get(g).own().putAll(before.get(g));
      }
      throw e;
    }
  }

  /** Whether any parameter has state (after a step that reached it, or a non-empty load). */
  protected final boolean hasState() {
    return state.stream().anyMatch(s -> !s.isEmpty());
  }

  private boolean hasState(ParamGroup group) {
    for (int i = 0; i < params.size(); i++) {
      if (groupOf.get(i) == group && !state.get(i).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The names of a stepped parameter's state entries under {@code group}'s options, in order;
   * {@code "step"} is a scalar count, every other entry a buffer of the parameter's shape.
   */
  protected abstract List<String> stateNames(ParamGroup group);

  /** Checks rules that combine a group's options; throws {@link IllegalArgumentException}. */
  protected void checkOptions(ParamGroup group) {}

  /**
   * Updates one parameter in place from its gradient (same shape) with its {@code group}'s
   * options; {@code state} is the parameter's own state, empty before its first update, to be
   * filled in {@link #stateNames} order.
   */
  protected abstract void update(ParamGroup group, Tensor param, Tensor grad,
      Map<String, Tensor> state);

  /** Increments the scalar {@code "step"} entry (created at 0) and returns the new count. */
  protected static long incrementStep(Map<String, Tensor> state) {
    Tensor t = state.computeIfAbsent(STEP, k -> Tensor.scalar(0f));
    long step = (long) t.item() + 1;
    t.device().kernels().fill(t, step);
    return step;
  }

  /** {@code value} widened to the double it was written as (see the class comment). */
  static double widen(float value) {
    return Options.widen(value);
  }

  /**
   * {@code Name(lr=0.1, momentum=0.9, ...)} with the first group's options, or each group's in
   * turn ({@code Name(group 0: lr=..., ...; group 1: ...)}) when there are several.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
    for (int g = 0; g < groups.size(); g++) {
      if (groups.size() > 1) {
        sb.append(g == 0 ? "" : "; ").append("group ").append(g).append(": ");
      }
      sb.append(ParamGroupStates.format(groups.get(g).options()));
    }
    return sb.append(')').toString();
  }
}
