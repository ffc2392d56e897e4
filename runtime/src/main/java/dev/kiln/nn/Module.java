package dev.kiln.nn;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The base of every layer and model, as PyTorch's {@code nn.Module}: an ordered registry of
 * parameters and child modules with dotted state-dict keys ({@code network.1.weight}), a
 * training flag, and a PyTorch-style {@code toString()}.
 */
public abstract class Module {
  private final Map<String, Parameter> params = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private final Buffers buffers = new Buffers();
  private boolean training = true;

  /** Registers a parameter under {@code name}; returns it. */
  protected final <P extends Parameter> P registerParameter(String name, P p) {
    checkName(name);
    params.put(name, p);
    return p;
  }

  /**
   * Removes the parameter registered under {@code name}, if any: a fluent option that drops or
   * reshapes a parameter ({@code bias(false)}, {@code groups(2)}) unregisters it, then registers
   * its replacement in PyTorch's order.
   */
  protected final void unregisterParameter(String name) {
    params.remove(name);
  }

  /** Registers a child module under {@code name}; returns it. */
  protected final <M extends Module> M registerModule(String name, M m) {
    checkName(name);
    children.put(name, m);
    return m;
  }

  /**
   * Registers a persistent buffer (state that is not a parameter, e.g. {@code running_mean}) under
   * {@code name}, as PyTorch's {@code register_buffer}; returns the tensor the module keeps (it
   * shares {@code t}'s storage and stays the same object when {@link #to} moves it).
   */
  protected final Tensor registerBuffer(String name, Tensor t) {
    return registerBuffer(name, t, true);
  }

  /** As {@link #registerBuffer(String, Tensor)}; a non-persistent buffer is left out of {@link #stateDict()}. */
  protected final Tensor registerBuffer(String name, Tensor t, boolean persistent) {
    checkName(name);
    return buffers.register(name, t, persistent);
  }

  /** Removes the parameter, buffer or child {@code name}, for fluent options that rebuild them. */
  final void unregister(String name) {
    params.remove(name);
    children.remove(name);
    buffers.remove(name);
  }

  private void checkName(String name) {
    if (name.isEmpty() || name.contains(".") || params.containsKey(name)
        || children.containsKey(name) || buffers.has(name)) {
      throw new IllegalArgumentException("invalid or duplicate name '" + name + "' in " + typeName());
    }
  }

  /** The direct children, in registration order. */
  public final Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /** The direct children, each once, in registration order (PyTorch's {@code children()}). */
  public final List<Module> children() {
    return ModuleTree.children(this);
  }

  /**
   * Every module of the tree with its dotted path, this one first under {@code ""}, then
   * pre-order in registration order ({@code "blocks"}, {@code "blocks.0"}, {@code
   * "blocks.0.linear1"}, ...); a module reachable twice is listed once, as PyTorch's {@code
   * named_modules()}.
   */
  public final Map<String, Module> namedModules() {
    return Collections.unmodifiableMap(ModuleTree.namedModules(this));
  }

  /** The modules of {@link #namedModules()}, this one first (PyTorch's {@code modules()}). */
  public final List<Module> modules() {
    return new ArrayList<>(ModuleTree.namedModules(this).values());
  }

  /**
   * The module at a dotted path such as {@code "blocks.0.linear1"} ({@code ""}: this one).
   *
   * @throws IllegalArgumentException naming the part that does not exist and where
   */
  public final Module getSubmodule(String target) {
    return ModuleTree.getSubmodule(this, target);
  }

  /**
   * The parameter at a dotted path such as {@code "blocks.0.linear1.weight"}.
   *
   * @throws IllegalArgumentException naming the module or parameter that does not exist
   */
  public final Parameter getParameter(String target) {
    return ModuleTree.getParameter(this, target);
  }

  /**
   * Sets {@code requiresGrad} on every parameter of this module and its descendants (freezing
   * them with {@code false}), as PyTorch's {@code requires_grad_()}; returns this.
   */
  public final Module requiresGrad(boolean requires) {
    ModuleTree.requiresGrad(this, requires);
    return this;
  }

  /**
   * Calls {@code fn} on every sub-module (depth first, children before their parent) and then
   * on this module, as PyTorch's {@code Module.apply}; returns this.
   */
  public final Module apply(Consumer<Module> fn) {
    children.values().forEach(m -> m.apply(fn));
    fn.accept(this);
    return this;
  }

  /** Every parameter with its dotted key, own parameters first, then children in order. */
  public final Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect("", out);
    return Collections.unmodifiableMap(out);
  }

  private void collect(String prefix, Map<String, Parameter> out) {
    params.forEach((k, p) -> out.put(prefix + k, p));
    children.forEach((k, m) -> m.collect(prefix + k + ".", out));
  }

  Map<String, Parameter> ownParameters() {
    return Collections.unmodifiableMap(params);
  }

  Buffers ownBuffers() {
    return buffers;
  }

  /** Every buffer with its dotted key, own buffers first, then children in order. */
  public final Map<String, Tensor> namedBuffers() {
    return Buffers.named(this);
  }

  /** Every buffer, in {@link #namedBuffers()} order. */
  public final List<Tensor> buffers() {
    return new ArrayList<>(namedBuffers().values());
  }

  /** Every parameter, in {@link #namedParameters()} order. */
  public final List<Parameter> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** The number of parameter elements, as {@code sum(p.numel() for p in model.parameters())}. */
  public final long numParameters() {
    return numParameters(false);
  }

  /** As {@link #numParameters()}, counting only parameters that require grad when asked. */
  public final long numParameters(boolean trainableOnly) {
    long n = 0;
    for (Parameter p : parameters()) {
      n += trainableOnly && !p.requiresGrad() ? 0 : p.numel();
    }
    return n;
  }

  /**
   * One line per parameter in {@link #namedParameters()} order, joined by newlines:
   * {@code fc1.weight (16, 3) requiresGrad=true}.
   */
  public final String describeParameters() {
    StringJoiner lines = new StringJoiner("\n");
    namedParameters().forEach((k, p) -> lines.add(
        k + " " + Shapes.toString(p.shape()) + " requiresGrad=" + p.requiresGrad()));
    return lines.toString();
  }

  /**
   * The parameters and persistent buffers by key (the tensors themselves), in PyTorch's {@code
   * state_dict()} order: per module its parameters, then its buffers, then its children.
   */
  public final Map<String, Tensor> stateDict() {
    return Buffers.stateDict(this);
  }

  /**
   * Copies {@code state} into the parameters. The keys and shapes must match exactly; otherwise
   * nothing is changed and the exception lists every missing, unexpected and mis-shaped key.
   */
  public final IncompatibleKeys loadStateDict(Map<String, ? extends Tensor> state) {
    return loadStateDict(state, true);
  }

  /**
   * As PyTorch's {@code load_state_dict(state, strict)}: strict is {@link #loadStateDict(Map)};
   * non-strict copies the keys both sides have and returns the missing and unexpected ones. A
   * shape mismatch fails in both modes, and a failed load changes no parameter.
   */
  public final IncompatibleKeys loadStateDict(Map<String, ? extends Tensor> state,
      boolean strict) {
    return StateDicts.load(stateDict(), state, strict, typeName());
  }

  /** Sets training mode on this module and every descendant; returns this. */
  public Module train() {
    return setTraining(true);
  }

  /** Sets evaluation mode on this module and every descendant; returns this. */
  public Module eval() {
    return setTraining(false);
  }

  private Module setTraining(boolean on) {
    training = on;
    children.values().forEach(m -> m.setTraining(on));
    return this;
  }

  public final boolean isTraining() {
    return training;
  }

  /**
   * Moves every parameter (and its gradient) and buffer to {@code device} in place, as PyTorch's {@code
   * model.to(device)}: the parameter objects stay the same, so build the optimizer after this
   * call (its state is then created on the device) or before (it still sees the same
   * parameters). Returns this.
   */
  public final Module to(Device device) {
    for (Parameter p : parameters()) {
      p.moveStorage(device);
    }
    apply(m -> m.buffers.moveAll(device));
    return this;
  }

  /** Zeroes every parameter's gradient in place (keeping the buffers). */
  public final void zeroGrad() {
    for (Parameter p : parameters()) {
      if (p.grad() != null) {
        p.device().kernels().fill(p.grad(), 0f);
      }
    }
  }

  // --- hooks (the logic is in Hooks) ---
  /**
   * Null while no hook is registered: {@link #hasHooks()} is this one field read (volatile, so
   * a hook registered while other threads serve the model reaches their next call).
   */
  private volatile Hooks hooks;

  /**
   * Registers {@code hook} to run before every forward of this module, after those registered
   * earlier, as PyTorch's {@code register_forward_pre_hook}; it may replace the input.
   */
  public final RemovableHandle registerForwardPreHook(ForwardPreHook hook) {
    return Hooks.addPre(this, hook);
  }

  /**
   * Registers {@code hook} to run after every forward of this module, as PyTorch's {@code
   * register_forward_hook}; it may replace the output.
   */
  public final RemovableHandle registerForwardHook(ForwardHook hook) {
    return Hooks.addForward(this, hook);
  }

  /**
   * Registers {@code hook} to run when the gradients of this module's inputs are computed, as
   * PyTorch's {@code register_full_backward_hook}; it may replace them.
   */
  public final RemovableHandle registerFullBackwardHook(BackwardHook hook) {
    return Hooks.addBackward(this, hook);
  }

  /** True while a hook of any kind is registered on this module (not its children). */
  public final boolean hasHooks() {
    return hooks != null;
  }

  final Hooks hooks() {
    return hooks;
  }

  final void hooks(Hooks h) {
    hooks = h;
  }

  /** The name printed by {@code toString()}: the class's simple name. */
  protected String typeName() {
    return getClass().getSimpleName();
  }

  /** The text inside the parentheses of a leaf module, e.g. {@code in_features=3, ...}. */
  protected String extraRepr() {
    return "";
  }

  @Override
  public String toString() {
    if (children.isEmpty()) {
      return typeName() + "(" + extraRepr() + ")";
    }
    StringBuilder b = new StringBuilder(typeName()).append("(\n");
    children.forEach((k, m) -> b.append("  (").append(k).append("): ")
        .append(m.toString().replace("\n", "\n  ")).append('\n'));
    return b.append(')').toString();
  }
}
