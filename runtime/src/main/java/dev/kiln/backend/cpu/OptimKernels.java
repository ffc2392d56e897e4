package dev.kiln.backend.cpu;

/**
 * The optimizer update loops of {@link CpuKernels#sgdStep} and {@link CpuKernels#adamStep}.
 *
 * <p>They follow PyTorch 1.13's single-tensor implementations ({@code torch/optim/sgd.py} and
 * {@code adam.py}/{@code adamw.py}) operation for operation: every tensor operation there rounds
 * to float32, so each one rounds here too, and the scalars PyTorch computes in Python (in double,
 * e.g. {@code 1 - beta1}, {@code lr / bias_correction1}) are computed in double here and rounded to
 * float where PyTorch passes them to a float32 kernel.
 */
final class OptimKernels {
  private OptimKernels() {}

  /**
   * PyTorch's {@code _single_tensor_sgd} for one parameter. {@code buf} may be null when {@code
   * momentum == 0}; with {@code initBuffer} it is overwritten by the first {@code d_p}.
   */
  static void sgd(float[] p, float[] g, float[] buf, boolean initBuffer, double lr,
      double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
    final float wd = (float) weightDecay;
    final float mom = (float) momentum;
    final float oneMinusDampening = (float) (1 - dampening);
    final float negLr = (float) -lr;
    for (int i = 0; i < p.length; i++) {
      float d = maximize ? -g[i] : g[i];
      if (weightDecay != 0) {
        d = d + wd * p[i]; // d_p = d_p.add(param, alpha=weight_decay)
      }
      if (momentum != 0) {
        float b;
        if (initBuffer) {
          b = d; // buf = torch.clone(d_p)
        } else {
          b = buf[i] * mom; // buf.mul_(momentum)
          b = b + oneMinusDampening * d; // .add_(d_p, alpha=1 - dampening)
        }
        buf[i] = b;
        d = nesterov ? d + mom * b : b;
      }
      p[i] = p[i] + negLr * d; // param.add_(d_p, alpha=-lr)
    }
  }

  /**
   * PyTorch's {@code _single_tensor_adam} ({@code decoupled == false}) or {@code
   * _single_tensor_adamw} ({@code true}) for one parameter whose step counter has just been
   * incremented to {@code step}. {@code maxExpAvgSq} is non-null exactly when AMSGrad is on.
   */
  static void adam(float[] p, float[] g, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq,
      long step, double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupled, boolean maximize) {
    final float wd = (float) weightDecay;
    final float decay = (float) (1 - lr * weightDecay);
    final float b1 = (float) beta1;
    final float b2 = (float) beta2;
    final float oneMinusB1 = (float) (1 - beta1);
    final float oneMinusB2 = (float) (1 - beta2);
    final double biasCorrection1 = 1 - Math.pow(beta1, step);
    final double biasCorrection2 = 1 - Math.pow(beta2, step);
    final float negStepSize = (float) -(lr / biasCorrection1);
    final float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
    final float epsF = (float) eps;
    for (int i = 0; i < p.length; i++) {
      float gi = maximize ? -g[i] : g[i];
      float pi = p[i];
      if (decoupled) {
        pi = pi * decay; // param.mul_(1 - lr * weight_decay)
      } else if (weightDecay != 0) {
        gi = gi + wd * pi; // grad = grad.add(param, alpha=weight_decay)
      }
      float m = expAvg[i] * b1; // exp_avg.mul_(beta1)
      m = m + oneMinusB1 * gi; // .add_(grad, alpha=1 - beta1)
      expAvg[i] = m;
      float v = expAvgSq[i] * b2; // exp_avg_sq.mul_(beta2)
      v = v + oneMinusB2 * gi * gi; // .addcmul_(grad, grad, value=1 - beta2)
      expAvgSq[i] = v;
      if (maxExpAvgSq != null) {
        v = Math.max(maxExpAvgSq[i], v); // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=...)
        maxExpAvgSq[i] = v;
      }
      // denom = (v.sqrt() / bias_correction2_sqrt).add_(eps); float sqrt is correctly rounded
      float denom = (float) Math.sqrt(v) / bc2Sqrt + epsF;
      p[i] = pi + negStepSize * m / denom; // param.addcdiv_(exp_avg, denom, value=-step_size)
    }
  }
}
