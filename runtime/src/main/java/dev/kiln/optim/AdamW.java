package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * AdamW, Adam with decoupled weight decay, as PyTorch 1.13's {@code torch.optim.AdamW}. For each
 * parameter {@code p} with gradient {@code g}, at its step {@code t} (counted from 1):
 *
 * <pre>
 * g = maximize ? -g : g
 * p = p * (1 - lr * weightDecay)                        (decoupled decay, not via the gradient)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * if amsgrad:  vmax = max(vmax, v); use vmax for v below
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>Options (defaults as PyTorch's): lr 1e-3, {@link #betas(float, float) betas} (0.9, 0.999),
 * {@link #eps(float) eps} 1e-8, {@link #weightDecay(float) weightDecay} 1e-2, {@link
 * #amsgrad(boolean) amsgrad} false, {@link #maximize(boolean) maximize} false. State: as {@link
 * Adam}'s ({@code "<i>.step"}, {@code "<i>.exp_avg"}, {@code "<i>.exp_avg_sq"}, {@code
 * "<i>.max_exp_avg_sq"} with AMSGrad).
 */
public final class AdamW extends AdamBase {
  /** AdamW with PyTorch's default learning rate 1e-3. */
  public AdamW(Iterable<? extends Tensor> params) {
    this(params, 1e-3f);
  }

  /**
   * AdamW with learning rate {@code lr}.
   *
   * @throws IllegalArgumentException see {@link Optimizer#Optimizer(Iterable, float,
   *     java.util.Map)}
   */
  public AdamW(Iterable<? extends Tensor> params, float lr) {
    super(params, lr, 0.01, true);
  }

  /** AdamW over parameter groups (see {@link ParamGroup}), with the default lr 1e-3. */
  public AdamW(List<ParamGroup> groups) {
    this(groups, 1e-3f);
  }

  /** AdamW over parameter groups; {@code lr} applies to those that set none. */
  public AdamW(List<ParamGroup> groups, float lr) {
    super(groups, lr, 0.01, true);
  }

  /** Sets the running-average coefficients, each in {@code [0, 1)}; returns this. */
  public AdamW betas(float beta1, float beta2) {
    setBetas(beta1, beta2);
    return this;
  }

  /** Sets the term added to the denominator ({@code >= 0}; default 1e-8); returns this. */
  public AdamW eps(float eps) {
    setEps(eps);
    return this;
  }

  /**
   * Sets the decoupled weight decay: each step first scales the parameter by {@code 1 - lr *
   * weightDecay} ({@code >= 0}; default 1e-2); returns this.
   */
  public AdamW weightDecay(float weightDecay) {
    setWeightDecay(weightDecay);
    return this;
  }

  /**
   * Enables the AMSGrad variant (default false); returns this. Fixed once the optimizer has
   * state: {@link IllegalStateException} after a step or a load.
   */
  public AdamW amsgrad(boolean amsgrad) {
    setAmsgrad(amsgrad);
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public AdamW maximize(boolean maximize) {
    setMaximize(maximize);
    return this;
  }
}
