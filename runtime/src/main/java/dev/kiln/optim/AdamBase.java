package dev.kiln.optim;

import static dev.kiln.optim.Options.AMSGRAD;
import static dev.kiln.optim.Options.BETA1;
import static dev.kiln.optim.Options.BETA2;
import static dev.kiln.optim.Options.EPS;
import static dev.kiln.optim.Options.LR;
import static dev.kiln.optim.Options.MAXIMIZE;
import static dev.kiln.optim.Options.WEIGHT_DECAY;

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

  AdamBase(Iterable<? extends Tensor> params, float lr, double weightDecay, boolean decoupled) {
    super(params, lr, initialOptions(weightDecay));
    this.decoupled = decoupled;
  }

  AdamBase(List<ParamGroup> groups, float lr, double weightDecay, boolean decoupled) {
    super(groups, lr, initialOptions(weightDecay));
    this.decoupled = decoupled;
  }

  private static Map<String, Object> initialOptions(double weightDecay) {
    return Options.of(BETA1, 0.9, BETA2, 0.999, EPS, 1e-8, WEIGHT_DECAY, weightDecay, AMSGRAD,
        false, MAXIMIZE, false);
  }

  final void setBetas(float beta1, float beta2) {
    double b1 = Options.number(BETA1, beta1);
    double b2 = Options.number(BETA2, beta2);
    setDefault(BETA1, b1);
    setDefault(BETA2, b2);
  }

  final void setEps(float eps) {
    setDefault(EPS, Options.number(EPS, eps));
  }

  final void setWeightDecay(float weightDecay) {
    setDefault(WEIGHT_DECAY, Options.number(WEIGHT_DECAY, weightDecay));
  }

  final void setAmsgrad(boolean amsgrad) {
    setDefault(AMSGRAD, amsgrad);
  }

  final void setMaximize(boolean maximize) {
    setDefault(MAXIMIZE, maximize);
  }

  /** The coefficients of the running averages of the gradient and its square, a new array. */
  public final float[] betas() {
    return new float[] {(float) defaultNumber(BETA1), (float) defaultNumber(BETA2)};
  }

  public final float eps() {
    return (float) defaultNumber(EPS);
  }

  public final float weightDecay() {
    return (float) defaultNumber(WEIGHT_DECAY);
  }

  public final boolean amsgrad() {
    return defaultFlag(AMSGRAD);
  }

  public final boolean maximize() {
    return defaultFlag(MAXIMIZE);
  }

  @Override
  protected final List<String> stateNames(ParamGroup group) {
    return group.flag(AMSGRAD) ? NAMES_AMSGRAD : NAMES;
  }

  @Override
  protected final void update(ParamGroup g, Tensor param, Tensor grad,
      Map<String, Tensor> state) {
    boolean amsgrad = g.flag(AMSGRAD);
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
        amsgrad ? state.get("max_exp_avg_sq") : null, step, g.number(LR), g.number(BETA1),
        g.number(BETA2), g.number(EPS), g.number(WEIGHT_DECAY), decoupled, g.flag(MAXIMIZE));
  }
}
