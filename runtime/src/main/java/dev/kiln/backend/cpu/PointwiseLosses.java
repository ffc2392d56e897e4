package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.LossOp;
import dev.kiln.loss.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * The elementwise losses ({@link LossOp}) with optional broadcast weights, reduced in double,
 * and their accumulating backward. Formulas and edge cases follow PyTorch 1.13's CPU kernels.
 */
final class PointwiseLosses {
  /** PyTorch's floor on {@code x (1 - x)} in the BCE gradient. */
  private static final double BCE_EPSILON = 1e-12;

  private PointwiseLosses() {}

  static void forward(LossOp op, float p, Tensor x, Tensor y, Tensor weight, Tensor posWeight,
      Reduction reduction, Tensor out) {
    float[] xs = a(x);
    float[] ys = a(y);
    float[] o = a(out);
    float[] w = weight == null ? null : a(weight);
    float[] q = posWeight == null ? null : a(posWeight);
    int[] wi = w == null ? null : Broadcast.offsets(x.shape(), weight.shape());
    int[] qi = q == null ? null : Broadcast.offsets(x.shape(), posWeight.shape());
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      double l = value(op, p, xs[i], ys[i], q == null ? 1 : q[qi[i]]);
      if (w != null) {
        l *= w[wi[i]];
      }
      if (reduction == Reduction.NONE) {
        o[i] = (float) l;
      } else {
        sum += l;
      }
    }
    if (reduction != Reduction.NONE) {
      o[0] = (float) (reduction == Reduction.MEAN ? sum / xs.length : sum);
    }
  }

  static void backward(LossOp op, float p, Tensor x, Tensor y, Tensor weight, Tensor posWeight,
      Reduction reduction, Tensor dOut, Tensor dx) {
    if (dx == null) {
      return;
    }
    float[] xs = a(x);
    float[] ys = a(y);
    float[] g = a(dOut);
    float[] d = a(dx);
    float[] w = weight == null ? null : a(weight);
    float[] q = posWeight == null ? null : a(posWeight);
    int[] wi = w == null ? null : Broadcast.offsets(x.shape(), weight.shape());
    int[] qi = q == null ? null : Broadcast.offsets(x.shape(), posWeight.shape());
    double scale = reduction == Reduction.MEAN ? 1.0 / xs.length : 1.0;
    for (int i = 0; i < xs.length; i++) {
      double gi = reduction == Reduction.NONE ? g[i] : g[0] * scale;
      double dl = derivative(op, p, xs[i], ys[i], q == null ? 1 : q[qi[i]]);
      if (w != null) {
        dl *= w[wi[i]];
      }
      d[i] += (float) (dl * gi);
    }
  }

  /** {@code l(x, y)}; {@code q} is the positive weight of BCE with logits. */
  private static double value(LossOp op, float p, float x, float y, double q) {
    float diff = x - y;
    double z = Math.abs((double) diff);
    return switch (op) {
      case MSE -> z * z;
      case L1 -> z;
      case SMOOTH_L1 -> z < p ? 0.5 * z * z / p : z - 0.5 * p;
      case HUBER -> z < p ? 0.5 * z * z : p * (z - 0.5 * p);
      case BCE -> -(y * Math.max(Math.log(x), -100.0) + (1.0 - y) * Math.max(Math.log1p(-x), -100.0));
      case BCE_WITH_LOGITS -> (1.0 - y) * x + (1.0 + (q - 1.0) * y) * softplus(-x);
    };
  }

  /** {@code dl/dx}, with PyTorch's choices at the kinks (e.g. {@code sign(0) = 0} for L1). */
  private static double derivative(LossOp op, float p, float x, float y, double q) {
    float diff = x - y;
    return switch (op) {
      case MSE -> 2.0 * diff;
      case L1 -> Math.signum(diff);
      case SMOOTH_L1 -> diff <= -p ? -1.0 : diff >= p ? 1.0 : diff / (double) p;
      case HUBER -> diff <= -p ? -p : diff >= p ? p : diff;
      case BCE -> (x - (double) y) / Math.max((1.0 - x) * x, BCE_EPSILON);
      case BCE_WITH_LOGITS -> (q * y + 1.0 - y) * sigmoid(x) - q * y;
    };
  }

  /** {@code log(1 + exp(v))} without overflow. */
  private static double softplus(double v) {
    return Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
  }

  private static double sigmoid(double v) {
    return v >= 0 ? 1.0 / (1.0 + Math.exp(-v)) : Math.exp(v) / (1.0 + Math.exp(v));
  }
}
