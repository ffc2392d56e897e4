package dev.kiln.optim;

import static dev.kiln.optim.Options.DAMPENING;
import static dev.kiln.optim.Options.MAXIMIZE;
import static dev.kiln.optim.Options.MOMENTUM;
import static dev.kiln.optim.Options.NESTEROV;
import static dev.kiln.optim.Options.WEIGHT_DECAY;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, as PyTorch 1.13's {@code torch.optim.SGD}.
 * For each parameter {@code p} with gradient {@code g}, each step:
 *
 * <pre>
 * d = maximize ? -g : g
 * if weightDecay != 0:  d = d + weightDecay * p
 * if momentum != 0:
 *     buf = (first step) ? d : momentum * buf + (1 - dampening) * d
 *     d = nesterov ? d + momentum * buf : buf
 * p = p - lr * d
 * </pre>
 *
 * <p>Options (defaults as PyTorch's): {@link #momentum(float) momentum} 0, {@link
 * #dampening(float) dampening} 0, {@link #weightDecay(float) weightDecay} 0, {@link
 * #nesterov(boolean) nesterov} false, {@link #maximize(boolean) maximize} false; per group with
 * {@link ParamGroup}: {@code new Sgd(List.of(ParamGroup.of(a).lr(0.1f), ParamGroup.of(b)),
 * 0.01f)}. The optimizer's setters and getters are its defaults (see {@link Optimizer}). State:
 * {@code "<i>.momentum_buffer"} for each parameter stepped with {@code momentum != 0}.
 */
public final class Sgd extends Optimizer {
  private static final String MOMENTUM_BUFFER = "momentum_buffer";

  private static Map<String, Object> initialOptions() {
    return Options.of(MOMENTUM, 0.0, DAMPENING, 0.0, WEIGHT_DECAY, 0.0, NESTEROV, false,
        MAXIMIZE, false);
  }

  /**
   * SGD over {@code params} with learning rate {@code lr} (required, as in PyTorch).
   *
   * @throws IllegalArgumentException see {@link Optimizer#Optimizer(Iterable, float, Map)}
   */
  public Sgd(Iterable<? extends Tensor> params, float lr) {
    super(params, lr, initialOptions());
  }

  /**
   * SGD over parameter groups, each with its own lr (required, as in PyTorch).
   *
   * @throws IllegalArgumentException see {@link Optimizer#Optimizer(List, Map)}
   */
  public Sgd(List<ParamGroup> groups) {
    super(groups, initialOptions());
  }

  /** SGD over parameter groups; {@code lr} applies to those that set none. */
  public Sgd(List<ParamGroup> groups, float lr) {
    super(groups, lr, initialOptions());
  }

  /** Sets the momentum factor ({@code >= 0}; default 0, plain SGD); returns this. */
  public Sgd momentum(float momentum) {
    setDefault(MOMENTUM, Options.number(MOMENTUM, momentum));
    return this;
  }

  public float momentum() {
    return (float) defaultNumber(MOMENTUM);
  }

  /** Sets the dampening for momentum (finite; default 0); returns this. */
  public Sgd dampening(float dampening) {
    setDefault(DAMPENING, Options.number(DAMPENING, dampening));
    return this;
  }

  public float dampening() {
    return (float) defaultNumber(DAMPENING);
  }

  /** Sets the L2 penalty added to the gradient ({@code >= 0}; default 0); returns this. */
  public Sgd weightDecay(float weightDecay) {
    setDefault(WEIGHT_DECAY, Options.number(WEIGHT_DECAY, weightDecay));
    return this;
  }

  public float weightDecay() {
    return (float) defaultNumber(WEIGHT_DECAY);
  }

  /**
   * Enables Nesterov momentum (default false); returns this. It needs {@code momentum > 0} and
   * {@code dampening == 0}, checked by {@link #step()} so that the options may be set in any
   * order.
   */
  public Sgd nesterov(boolean nesterov) {
    setDefault(NESTEROV, nesterov);
    return this;
  }

  public boolean nesterov() {
    return defaultFlag(NESTEROV);
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public Sgd maximize(boolean maximize) {
    setDefault(MAXIMIZE, maximize);
    return this;
  }

  public boolean maximize() {
    return defaultFlag(MAXIMIZE);
  }

  @Override
  protected void checkOptions(ParamGroup g) {
    if (g.flag(NESTEROV) && (g.number(MOMENTUM) <= 0 || g.number(DAMPENING) != 0)) {
      throw new IllegalArgumentException(
          "Nesterov momentum requires a momentum and zero dampening (momentum " + g.momentum()
              + ", dampening " + g.dampening() + ")");
    }
  }

  @Override
  protected List<String> stateNames(ParamGroup group) {
    return List.of(MOMENTUM_BUFFER);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    double momentum = g.number(MOMENTUM);
    Tensor buf = null;
    boolean init = false;
    if (momentum != 0) {
      buf = state.get(MOMENTUM_BUFFER);
      if (buf == null) {
        buf = Tensor.zerosLike(param);
        state.put(MOMENTUM_BUFFER, buf);
        init = true;
      }
    }
    param.device().kernels().sgdStep(param, grad, buf, init, g.number(Options.LR), momentum,
        g.number(DAMPENING), g.number(WEIGHT_DECAY), g.flag(NESTEROV), g.flag(MAXIMIZE));
  }
}
