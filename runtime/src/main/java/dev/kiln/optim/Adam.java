package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Adam, as PyTorch 1.13's {@code torch.optim.Adam}. For each parameter {@code p} with gradient
 * {@code g}, at its step {@code t} (counted from 1):
 *
 * <pre>
 * g = maximize ? -g : g
 * if weightDecay != 0:  g = g + weightDecay * p          (L2 penalty, coupled)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * if amsgrad:  vmax = max(vmax, v); use vmax for v below
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>Options (defaults as PyTorch's): lr 1e-3, {@link #betas(float, float) betas} (0.9, 0.999),
 * {@link #eps(float) eps} 1e-8, {@link #weightDecay(float) weightDecay} 0, {@link
 * #amsgrad(boolean) amsgrad} false, {@link #maximize(boolean) maximize} false. State per stepped
 * parameter: {@code "<i>.step"} (a float32 scalar of shape {@code ()}), {@code "<i>.exp_avg"},
 * {@code "<i>.exp_avg_sq"} and, with AMSGrad, {@code "<i>.max_exp_avg_sq"}.
 */
public final class Adam extends AdamBase {
  /** Adam with PyTorch's default learning rate 1e-3. */
  public Adam(Iterable<? extends Tensor> params) {
    this(params, 1e-3f);
  }

  /**
   * Adam with learning rate {@code lr}.
   *
   * @throws IllegalArgumentException see {@link Optimizer#Optimizer(Iterable, float,
   *     java.util.Map)}
   */
  public Adam(Iterable<? extends Tensor> params, float lr) {
    super(params, lr, 0.0, false);
  }

  /** Adam over parameter groups (see {@link ParamGroup}), with the default lr 1e-3. */
  public Adam(List<ParamGroup> groups) {
    this(groups, 1e-3f);
  }

  /** Adam over parameter groups; {@code lr} applies to those that set none. */
  public Adam(List<ParamGroup> groups, float lr) {
    super(groups, lr, 0.0, false);
  }

  /** Sets the running-average coefficients, each in {@code [0, 1)}; returns this. */
  public Adam betas(float beta1, float beta2) {
    setBetas(beta1, beta2);
    return this;
  }

  /** Sets the term added to the denominator ({@code >= 0}; default 1e-8); returns this. */
  public Adam eps(float eps) {
    setEps(eps);
    return this;
  }

  /** Sets the L2 penalty added to the gradient ({@code >= 0}; default 0); returns this. */
  public Adam weightDecay(float weightDecay) {
    setWeightDecay(weightDecay);
    return this;
  }

  /**
   * Enables the AMSGrad variant (default false); returns this. Fixed once the optimizer has
   * state: {@link IllegalStateException} after a step or a load.
   */
  public Adam amsgrad(boolean amsgrad) {
    setAmsgrad(amsgrad);
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public Adam maximize(boolean maximize) {
    setMaximize(maximize);
    return this;
  }
}
