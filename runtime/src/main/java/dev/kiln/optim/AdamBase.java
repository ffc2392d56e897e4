package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What {@link Adam} and {@link AdamW} share: the options, the state and the step; they differ
 * only in how weight decay is applied (and its default).
 */
abstract class AdamBase extends Optimizer {
  private static final List<String> NAMES = List.of("step", "exp_avg", "exp_avg_sq");
  private static final List<String> NAMES_AMSGRAD =
      List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq");

  private final boolean decoupled;
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double eps = 1e-8;
  private double weightDecay;
  private boolean amsgrad;
  private boolean maximize;

  AdamBase(Iterable<? extends Tensor> params, float lr, float weightDecay, boolean decoupled) {
    super(params, lr);
    this.decoupled = decoupled;
    setWeightDecay(weightDecay);
  }

  final void setBetas(float beta1, float beta2) {
    checkBeta(beta1, 0);
    checkBeta(beta2, 1);
    this.beta1 = widen(beta1);
    this.beta2 = widen(beta2);
  }

  private static void checkBeta(float beta, int index) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException("Invalid beta parameter at index " + index + ": " + beta);
    }
  }

  final void setEps(float eps) {
    this.eps = nonNegative(eps, "epsilon value");
  }

  final void setWeightDecay(float weightDecay) {
    this.weightDecay = nonNegative(weightDecay, "weight_decay value");
  }

  final void setAmsgrad(boolean amsgrad) {
    if (amsgrad != this.amsgrad && hasState()) {
      throw new IllegalStateException(
          "amsgrad changes the optimizer state's layout; set it before the first step() or"
              + " loadState()");
    }
    this.amsgrad = amsgrad;
  }

  final void setMaximize(boolean maximize) {
    this.maximize = maximize;
  }

  /** The coefficients of the running averages of the gradient and its square, a new array. */
  public final float[] betas() {
    return new float[] {(float) beta1, (float) beta2};
  }

  public final float eps() {
    return (float) eps;
  }

  public final float weightDecay() {
    return (float) weightDecay;
  }

  public final boolean amsgrad() {
    return amsgrad;
  }

  public final boolean maximize() {
    return maximize;
  }

  @Override
  protected final List<String> stateNames() {
    return amsgrad ? NAMES_AMSGRAD : NAMES;
  }

  @Override
  protected final void update(Tensor param, Tensor grad, Map<String, Tensor> state) {
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0f));
      state.put("exp_avg", Tensor.zerosLike(param));
      state.put("exp_avg_sq", Tensor.zerosLike(param));
      if (amsgrad) {
        state.put("max_exp_avg_sq", Tensor.zerosLike(param));
      }
    }
    long step = incrementStep(state);
    param.device().kernels().adamStep(param, grad, state.get("exp_avg"), state.get("exp_avg_sq"),
        amsgrad ? state.get("max_exp_avg_sq") : null, step, lrValue(), beta1, beta2, eps,
        weightDecay, decoupled, maximize);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(lr=" + lr() + ", betas=(" + (float) beta1 + ", "
        + (float) beta2 + "), eps=" + eps() + ", weightDecay=" + weightDecay() + ", amsgrad="
        + amsgrad + ", maximize=" + maximize + ")";
  }
}
