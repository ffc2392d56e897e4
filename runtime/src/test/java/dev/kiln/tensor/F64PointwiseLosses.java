package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

import dev.kiln.backend.LossOp;
import dev.kiln.loss.Reduction;

/**
 * The elementwise losses ({@link LossOp}) with optional broadcast weights, reduced in double,
 * and their accumulating backward. Formulas and edge cases follow PyTorch 1.13's CPU kernels.
 */
final class F64PointwiseLosses {
  /** PyTorch's floor on {@code x (1 - x)} in the BCE gradient. */
  private static final double BCE_EPSILON = 1e-12;

  private F64PointwiseLosses() {}

  static void forward(LossOp op, double p, Tensor x, Tensor y, Tensor weight, Tensor posWeight,
      Reduction reduction, Tensor out) {
    double[] xs = d(x);
    double[] ys = d(y);
    double[] o = d(out);
    double[] w = weight == null ? null : d(weight);
    double[] q = posWeight == null ? null : d(posWeight);
    int[] wi = w == null ? null : Float64Kernels.offsets(x.shape(), weight.shape());
    int[] qi = q == null ? null : Float64Kernels.offsets(x.shape(), posWeight.shape());
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      double l = value(op, p, xs[i], ys[i], q == null ? 1 : q[qi[i]]);
      if (w != null) {
        l *= w[wi[i]];
      }
      if (reduction == Reduction.NONE) {
        o[i] = l;
      } else {
        sum += l;
      }
    }
    if (reduction != Reduction.NONE) {
      o[0] = (reduction == Reduction.MEAN ? sum / xs.length : sum);
    }
  }

  static void backward(LossOp op, double p, Tensor x, Tensor y, Tensor weight, Tensor posWeight,
      Reduction reduction, Tensor dOut, Tensor dx) {
    if (dx == null) {
      return;
    }
    double[] xs = d(x);
    double[] ys = d(y);
    double[] g = d(dOut);
    double[] d = d(dx);
    double[] w = weight == null ? null : d(weight);
    double[] q = posWeight == null ? null : d(posWeight);
    int[] wi = w == null ? null : Float64Kernels.offsets(x.shape(), weight.shape());
    int[] qi = q == null ? null : Float64Kernels.offsets(x.shape(), posWeight.shape());
    double scale = reduction == Reduction.MEAN ? 1.0 / xs.length : 1.0;
    for (int i = 0; i < xs.length; i++) {
      double gi = reduction == Reduction.NONE ? g[i] : g[0] * scale;
      double dl = derivative(op, p, xs[i], ys[i], q == null ? 1 : q[qi[i]]);
      if (w != null) {
        dl *= w[wi[i]];
      }
      d[i] += (dl * gi);
    }
  }

  /** {@code l(x, y)}; {@code q} is the positive weight of BCE with logits. */
  private static double value(LossOp op, double p, double x, double y, double q) {
    double diff = x - y;
    double z = Math.abs(diff);
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
  private static double derivative(LossOp op, double p, double x, double y, double q) {
    double diff = x - y;
    return switch (op) {
      case MSE -> 2.0 * diff;
      case L1 -> Math.signum(diff);
      case SMOOTH_L1 -> diff <= -p ? -1.0 : diff >= p ? 1.0 : diff / p;
      case HUBER -> diff <= -p ? -p : diff >= p ? p : diff;
      case BCE -> (x - y) / Math.max((1.0 - x) * x, BCE_EPSILON);
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
