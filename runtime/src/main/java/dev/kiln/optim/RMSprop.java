package dev.kiln.optim;

import static dev.kiln.optim.Options.ALPHA;
import static dev.kiln.optim.Options.CENTERED;
import static dev.kiln.optim.Options.EPS;
import static dev.kiln.optim.Options.LR;
import static dev.kiln.optim.Options.MAXIMIZE;
import static dev.kiln.optim.Options.MOMENTUM;
import static dev.kiln.optim.Options.WEIGHT_DECAY;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, as PyTorch 1.13's {@code torch.optim.RMSprop}. For each parameter {@code p} with
 * gradient {@code g}, each step:
 *
 * <pre>
 * g = maximize ? -g : g
 * if weightDecay != 0:  g = g + weightDecay * p
 * v = alpha * v + (1 - alpha) * g * g
 * if centered:  m = alpha * m + (1 - alpha) * g;  avg = sqrt(v - m * m) + eps
 * else:         avg = sqrt(v) + eps
 * if momentum > 0:  buf = momentum * buf + g / avg;  p = p - lr * buf
 * else:             p = p - lr * g / avg
 * </pre>
 *
 * <p>Options (defaults as PyTorch's): lr 1e-2, {@link #alpha(float) alpha} 0.99, {@link
 * #eps(float) eps} 1e-8, {@link #weightDecay(float) weightDecay} 0, {@link #momentum(float)
 * momentum} 0, {@link #centered(boolean) centered} false, {@link #maximize(boolean) maximize}
 * false. State: {@code "<i>.step"}, {@code "<i>.square_avg"}, with momentum {@code
 * "<i>.momentum_buffer"}, centered {@code "<i>.grad_avg"}. Per group with {@link ParamGroup}.
 * The update runs on the host (no device kernel yet).
 */
public final class RMSprop extends Optimizer {
  private static Map<String, Object> initialOptions() {
    return Options.of(ALPHA, 0.99, EPS, 1e-8, WEIGHT_DECAY, 0.0, MOMENTUM, 0.0, CENTERED, false,
        MAXIMIZE, false);
  }

  /** RMSprop with PyTorch's default learning rate 1e-2. */
  public RMSprop(Iterable<? extends Tensor> params) {
    this(params, 1e-2f);
  }

  public RMSprop(Iterable<? extends Tensor> params, float lr) {
    super(params, lr, initialOptions());
  }

  /** RMSprop over parameter groups (see {@link ParamGroup}), with the default lr 1e-2. */
  public RMSprop(List<ParamGroup> groups) {
    this(groups, 1e-2f);
  }

  /** RMSprop over parameter groups; {@code lr} applies to those that set none. */
  public RMSprop(List<ParamGroup> groups, float lr) {
    super(groups, lr, initialOptions());
  }

  /** Sets the smoothing constant ({@code >= 0}; default 0.99); returns this. */
  public RMSprop alpha(float alpha) {
    setDefault(ALPHA, Options.number(ALPHA, alpha));
    return this;
  }

  public RMSprop eps(float eps) {
    setDefault(EPS, Options.number(EPS, eps));
    return this;
  }

  public RMSprop weightDecay(float weightDecay) {
    setDefault(WEIGHT_DECAY, Options.number(WEIGHT_DECAY, weightDecay));
    return this;
  }

  /** Sets the momentum factor; fixed once the optimizer has state (it changes the layout). */
  public RMSprop momentum(float momentum) {
    setDefault(MOMENTUM, Options.number(MOMENTUM, momentum));
    return this;
  }

  /** Normalizes by the estimated variance; fixed once the optimizer has state. */
  public RMSprop centered(boolean centered) {
    setDefault(CENTERED, centered);
    return this;
  }

  public RMSprop maximize(boolean maximize) {
    setDefault(MAXIMIZE, maximize);
    return this;
  }

  @Override
  protected List<String> stateNames(ParamGroup g) {
    List<String> names = new ArrayList<>(List.of("step", "square_avg"));
    if (g.number(MOMENTUM) > 0) {
      names.add("momentum_buffer");
    }
    if (g.flag(CENTERED)) {
      names.add("grad_avg");
    }
    return names;
  }

  @Override
  protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state) {
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0f));
      List<String> names = stateNames(group);
      for (String name : names.subList(1, names.size())) {
        state.put(name, Tensor.zerosLike(param));
      }
    }
    incrementStep(state);
    double weightDecay = group.number(WEIGHT_DECAY);
    double alpha = group.number(ALPHA);
    double momentum = group.number(MOMENTUM);
    boolean centered = group.flag(CENTERED);
    boolean maximize = group.flag(MAXIMIZE);
    float[] p = HostBuffers.read(param);
    float[] g = HostBuffers.read(grad);
    float[] v = HostBuffers.read(state.get("square_avg"));
    float[] m = HostBuffers.read(state.get("grad_avg"));
    float[] buf = HostBuffers.read(state.get("momentum_buffer"));
    final float wd = (float) weightDecay;
    final float a = (float) alpha;
    final float oneMinusA = (float) (1 - alpha);
    final float epsF = (float) group.number(EPS);
    final float mom = (float) momentum;
    final float negLr = (float) -group.number(LR);
    for (int i = 0; i < p.length; i++) {
      float gi = maximize ? -g[i] : g[i];
      if (weightDecay != 0) {
        gi = gi + wd * p[i]; // grad.add(param, alpha=weight_decay)
      }
      v[i] = v[i] * a + oneMinusA * gi * gi; // square_avg.mul_(alpha).addcmul_(g, g, 1 - alpha)
      float avg;
      if (centered) {
        m[i] = m[i] * a + oneMinusA * gi; // grad_avg.mul_(alpha).add_(grad, alpha=1 - alpha)
        avg = (float) Math.sqrt(v[i] + -1f * m[i] * m[i]); // addcmul(.., value=-1).sqrt_()
      } else {
        avg = (float) Math.sqrt(v[i]);
      }
      avg = avg + epsF;
      if (momentum > 0) {
        buf[i] = buf[i] * mom + gi / avg; // buf.mul_(momentum).addcdiv_(grad, avg)
        p[i] = p[i] + negLr * buf[i]; // param.add_(buf, alpha=-lr)
      } else {
        p[i] = p[i] + negLr * gi / avg; // param.addcdiv_(grad, avg, value=-lr)
      }
    }
    HostBuffers.write(p, param);
    HostBuffers.write(v, state.get("square_avg"));
    HostBuffers.write(m, state.get("grad_avg"));
    HostBuffers.write(buf, state.get("momentum_buffer"));
  }
}
