package dev.kiln.optim;

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
 * #nesterov(boolean) nesterov} false, {@link #maximize(boolean) maximize} false. State: {@code
 * "<i>.momentum_buffer"} for each parameter stepped with {@code momentum != 0}.
 */
public final class Sgd extends Optimizer {
  private static final String MOMENTUM_BUFFER = "momentum_buffer";

  private double momentum;
  private double dampening;
  private double weightDecay;
  private boolean nesterov;
  private boolean maximize;

  /**
   * SGD over {@code params} with learning rate {@code lr} (required, as in PyTorch).
   *
   * @throws IllegalArgumentException see {@link Optimizer#Optimizer(Iterable, float)}
   */
  public Sgd(Iterable<? extends Tensor> params, float lr) {
    super(params, lr);
  }

  /** Sets the momentum factor ({@code >= 0}; default 0, plain SGD); returns this. */
  public Sgd momentum(float momentum) {
    this.momentum = nonNegative(momentum, "momentum value");
    return this;
  }

  public float momentum() {
    return (float) momentum;
  }

  /** Sets the dampening for momentum (finite; default 0); returns this. */
  public Sgd dampening(float dampening) {
    if (!Float.isFinite(dampening)) {
      throw new IllegalArgumentException("Invalid dampening value: " + dampening);
    }
    this.dampening = widen(dampening);
    return this;
  }

  public float dampening() {
    return (float) dampening;
  }

  /** Sets the L2 penalty added to the gradient ({@code >= 0}; default 0); returns this. */
  public Sgd weightDecay(float weightDecay) {
    this.weightDecay = nonNegative(weightDecay, "weight_decay value");
    return this;
  }

  public float weightDecay() {
    return (float) weightDecay;
  }

  /**
   * Enables Nesterov momentum (default false); returns this. It needs {@code momentum > 0} and
   * {@code dampening == 0}, checked by {@link #step()} so that the options may be set in any
   * order.
   */
  public Sgd nesterov(boolean nesterov) {
    this.nesterov = nesterov;
    return this;
  }

  public boolean nesterov() {
    return nesterov;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public Sgd maximize(boolean maximize) {
    this.maximize = maximize;
    return this;
  }

  public boolean maximize() {
    return maximize;
  }

  @Override
  protected void checkOptions() {
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException(
          "Nesterov momentum requires a momentum and zero dampening (momentum " + momentum()
              + ", dampening " + dampening() + ")");
    }
  }

  @Override
  protected List<String> stateNames() {
    return List.of(MOMENTUM_BUFFER);
  }

  @Override
  protected void update(Tensor param, Tensor grad, Map<String, Tensor> state) {
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
    param.device().kernels().sgdStep(param, grad, buf, init, lrValue(), momentum, dampening,
        weightDecay, nesterov, maximize);
  }

  @Override
  public String toString() {
    return "Sgd(lr=" + lr() + ", momentum=" + momentum() + ", dampening=" + dampening()
        + ", weightDecay=" + weightDecay() + ", nesterov=" + nesterov + ", maximize=" + maximize
        + ")";
  }
}
