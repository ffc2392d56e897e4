package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, as PyTorch 1.13's {@code torch.optim.Adagrad}. For each parameter {@code p} with
 * gradient {@code g}, at its step {@code t} (counted from 1):
 *
 * <pre>
 * g = maximize ? -g : g
 * if weightDecay != 0:  g = g + weightDecay * p
 * clr = lr / (1 + (t - 1) * lrDecay)
 * sum = sum + g * g                            (sum starts at initialAccumulatorValue)
 * p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 *
 * <p>Options (defaults as PyTorch's): lr 1e-2, {@link #lrDecay(float) lrDecay} 0, {@link
 * #weightDecay(float) weightDecay} 0, {@link #initialAccumulatorValue(float)
 * initialAccumulatorValue} 0, {@link #eps(float) eps} 1e-10, {@link #maximize(boolean)
 * maximize} false. State: {@code "<i>.step"}, {@code "<i>.sum"}; unlike PyTorch, which creates it
 * in the constructor, a parameter's state appears at its first step. The update runs on the host
 * (no device kernel yet).
 */
public final class Adagrad extends Optimizer {
  private double lrDecay;
  private double weightDecay;
  private float initialAccumulatorValue;
  private double eps = 1e-10;
  private boolean maximize;

  /** Adagrad with PyTorch's default learning rate 1e-2. */
  public Adagrad(Iterable<? extends Tensor> params) {
    this(params, 1e-2f);
  }

  public Adagrad(Iterable<? extends Tensor> params, float lr) {
    super(params, lr);
  }

  public Adagrad lrDecay(float lrDecay) {
    this.lrDecay = nonNegative(lrDecay, "lr_decay value");
    return this;
  }

  public Adagrad weightDecay(float weightDecay) {
    this.weightDecay = nonNegative(weightDecay, "weight_decay value");
    return this;
  }

  /** The value {@code sum} starts at, for parameters not yet stepped; returns this. */
  public Adagrad initialAccumulatorValue(float value) {
    this.initialAccumulatorValue = (float) nonNegative(value, "initial_accumulator_value");
    return this;
  }

  public Adagrad eps(float eps) {
    this.eps = nonNegative(eps, "epsilon value");
    return this;
  }

  public Adagrad maximize(boolean maximize) {
    this.maximize = maximize;
    return this;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("step", "sum");
  }

  @Override
  protected void update(Tensor param, Tensor grad, Map<String, Tensor> state) {
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0f));
      Tensor sum = Tensor.zerosLike(param);
      sum.device().kernels().fill(sum, initialAccumulatorValue);
      state.put("sum", sum);
    }
    long step = incrementStep(state);
    float[] p = HostBuffers.read(param);
    float[] g = HostBuffers.read(grad);
    float[] sum = HostBuffers.read(state.get("sum"));
    final float wd = (float) weightDecay;
    final float negClr = (float) -(lrValue() / (1 + (step - 1) * lrDecay));
    final float epsF = (float) eps;
    for (int i = 0; i < p.length; i++) {
      float gi = maximize ? -g[i] : g[i];
      if (weightDecay != 0) {
        gi = gi + wd * p[i]; // grad.add(param, alpha=weight_decay)
      }
      sum[i] = sum[i] + 1f * gi * gi; // state_sum.addcmul_(grad, grad, value=1)
      float std = (float) Math.sqrt(sum[i]) + epsF; // state_sum.sqrt().add_(eps)
      p[i] = p[i] + negClr * gi / std; // param.addcdiv_(grad, std, value=-clr)
    }
    HostBuffers.write(p, param);
    HostBuffers.write(sum, state.get("sum"));
  }

  @Override
  public String toString() {
    return "Adagrad(lr=" + lr() + ", lrDecay=" + (float) lrDecay + ", weightDecay="
        + (float) weightDecay + ", initialAccumulatorValue=" + initialAccumulatorValue
        + ", eps=" + (float) eps + ", maximize=" + maximize + ")";
  }
}
