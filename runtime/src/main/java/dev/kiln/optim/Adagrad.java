package dev.kiln.optim;

import static dev.kiln.optim.Options.EPS;
import static dev.kiln.optim.Options.INITIAL_ACCUMULATOR_VALUE;
import static dev.kiln.optim.Options.LR;
import static dev.kiln.optim.Options.LR_DECAY;
import static dev.kiln.optim.Options.MAXIMIZE;
import static dev.kiln.optim.Options.WEIGHT_DECAY;

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
 * in the constructor, a parameter's state appears at its first step. Per group with {@link
 * ParamGroup}. The update runs on the host
 * (no device kernel yet).
 */
public final class Adagrad extends Optimizer {
  private static Map<String, Object> initialOptions() {
    return Options.of(LR_DECAY, 0.0, WEIGHT_DECAY, 0.0, INITIAL_ACCUMULATOR_VALUE, 0.0, EPS,
        1e-10, MAXIMIZE, false);
  }

  /** Adagrad with PyTorch's default learning rate 1e-2. */
  public Adagrad(Iterable<? extends Tensor> params) {
    this(params, 1e-2f);
  }

  public Adagrad(Iterable<? extends Tensor> params, float lr) {
    super(params, lr, initialOptions());
  }

  /** Adagrad over parameter groups (see {@link ParamGroup}), with the default lr 1e-2. */
  public Adagrad(List<ParamGroup> groups) {
    this(groups, 1e-2f);
  }

  /** Adagrad over parameter groups; {@code lr} applies to those that set none. */
  public Adagrad(List<ParamGroup> groups, float lr) {
    super(groups, lr, initialOptions());
  }

  public Adagrad lrDecay(float lrDecay) {
    setDefault(LR_DECAY, Options.number(LR_DECAY, lrDecay));
    return this;
  }

  public Adagrad weightDecay(float weightDecay) {
    setDefault(WEIGHT_DECAY, Options.number(WEIGHT_DECAY, weightDecay));
    return this;
  }

  /** The value {@code sum} starts at, for parameters not yet stepped; returns this. */
  public Adagrad initialAccumulatorValue(float value) {
    setDefault(INITIAL_ACCUMULATOR_VALUE, Options.number(INITIAL_ACCUMULATOR_VALUE, value));
    return this;
  }

  public Adagrad eps(float eps) {
    setDefault(EPS, Options.number(EPS, eps));
    return this;
  }

  public Adagrad maximize(boolean maximize) {
    setDefault(MAXIMIZE, maximize);
    return this;
  }

  @Override
  protected List<String> stateNames(ParamGroup group) {
    return List.of("step", "sum");
  }

  @Override
  protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state) {
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0f));
      Tensor sum = Tensor.zerosLike(param);
      sum.device().kernels().fill(sum, (float) group.number(INITIAL_ACCUMULATOR_VALUE));
      state.put("sum", sum);
    }
    long step = incrementStep(state);
    double weightDecay = group.number(WEIGHT_DECAY);
    boolean maximize = group.flag(MAXIMIZE);
    float[] p = HostBuffers.read(param);
    float[] g = HostBuffers.read(grad);
    float[] sum = HostBuffers.read(state.get("sum"));
    final float wd = (float) weightDecay;
    final float negClr =
        (float) -(group.number(LR) / (1 + (step - 1) * group.number(LR_DECAY)));
    final float epsF = (float) group.number(EPS);
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
}
