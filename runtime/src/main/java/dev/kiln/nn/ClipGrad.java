package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gradient clipping, as PyTorch 1.13's {@code torch.nn.utils.clip_grad_norm_} and {@code
 * clip_grad_value_}. Both act in place on the gradients of the given parameters that have one
 * ({@code grad() != null}); call them between {@code loss.backward()} and {@code opt.step()}:
 *
 * <pre>
 * loss.backward();
 * float norm = ClipGrad.clipGradNorm(model.parameters(), 1.0f);
 * opt.step();
 * </pre>
 *
 * <p>The gradients are read to the host, clipped there and written back.
 */
public final class ClipGrad {
  private ClipGrad() {}

  /** {@link #clipGradNorm(Iterable, float, double)} with the 2-norm. */
  public static float clipGradNorm(Iterable<? extends Tensor> params, float maxNorm) {
    return clipGradNorm(params, maxNorm, 2);
  }

  /**
   * Scales the gradients so that their total {@code normType}-norm is at most {@code maxNorm}.
   * The total is the norm of the per-parameter norms (the norm of all gradients concatenated);
   * with {@code normType} {@link Double#POSITIVE_INFINITY} it is the largest absolute value. Each
   * gradient is multiplied by {@code maxNorm / (total + 1e-6)} when that is below 1.
   *
   * @return the total norm before clipping (0 when no parameter has a gradient)
   * @throws IllegalArgumentException if {@code normType} is not positive
   */
  public static float clipGradNorm(Iterable<? extends Tensor> params, float maxNorm,
      double normType) {
    if (!(normType > 0)) {
      throw new IllegalArgumentException("normType must be > 0 or infinity, got " + normType);
    }
    List<Tensor> grads = grads(params);
    List<float[]> values = new ArrayList<>();
    float[] norms = new float[grads.size()];
    for (int i = 0; i < grads.size(); i++) {
      values.add(grads.get(i).toFloatArray());
      norms[i] = norm(values.get(i), normType);
    }
    if (grads.isEmpty()) {
      return 0f;
    }
    float total = norm(norms, normType);
    float coef = maxNorm / (total + 1e-6f);
    if (coef < 1f) {
      for (int i = 0; i < grads.size(); i++) {
        float[] g = values.get(i);
        for (int j = 0; j < g.length; j++) {
          g[j] *= coef;
        }
        write(grads.get(i), g);
      }
    }
    return total;
  }

  /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
  public static void clipGradValue(Iterable<? extends Tensor> params, float clipValue) {
    for (Tensor grad : grads(params)) {
      float[] g = grad.toFloatArray();
      for (int j = 0; j < g.length; j++) {
        g[j] = Math.min(Math.max(g[j], -clipValue), clipValue);
      }
      write(grad, g);
    }
  }

  private static List<Tensor> grads(Iterable<? extends Tensor> params) {
    Objects.requireNonNull(params, "params");
    List<Tensor> out = new ArrayList<>();
    for (Tensor p : params) {
      if (p.grad() != null) {
        out.add(p.grad());
      }
    }
    return out;
  }

  /** The {@code p}-norm of {@code x}, accumulated in double. */
  private static float norm(float[] x, double p) {
    double acc = 0;
    for (float v : x) {
      double a = Math.abs(v);
      acc = p == Double.POSITIVE_INFINITY ? Math.max(acc, a)
          : p == 2 ? acc + a * a : p == 1 ? acc + a : acc + Math.pow(a, p);
    }
    return (float) (p == Double.POSITIVE_INFINITY || p == 1 ? acc
        : p == 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / p));
  }

  private static void write(Tensor grad, float[] values) {
    grad.device().kernels().copy(Tensor.of(values, grad.shape()).to(grad.device()), grad);
  }
}
