package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

import dev.kiln.loss.Reduction;

/**
 * Negative log-likelihood and cross entropy over class-index targets, with class weights,
 * an ignored index and label smoothing as PyTorch 1.13 combines them; log-softmax is computed
 * stably in double ({@code x - max - log sum exp(x - max)}).
 */
final class F64ClassLosses {
  private F64ClassLosses() {}

  static void forward(Tensor x, Tensor target, Tensor weight, int ignoreIndex, double smoothing,
      boolean logSoftmax, Reduction reduction, Tensor out) {
    int n = x.dim() == 1 ? 1 : x.size(0);
    int c = x.dim() == 1 ? x.size(0) : x.size(1);
    int inner = x.numel() / (n * c);
    double[] xs = d(x);
    double[] t = d(target);
    double[] w = weight == null ? null : d(weight);
    double[] o = d(out);
    double[] z = scratch(0, c);
    double total = 0;
    for (int e = 0; e < n * inner; e++) {
      int cls = (int) t[e];
      double l = 0;
      if (cls != ignoreIndex) {
        logProbs(xs, (e / inner) * c * inner + e % inner, inner, logSoftmax, z);
        l = -(1.0 - smoothing) * w(w, cls) * z[cls];
        if (smoothing > 0) {
          double s = 0;
          for (int j = 0; j < c; j++) {
            s += w(w, j) * z[j];
          }
          l -= smoothing / c * s;
        }
      }
      if (reduction == Reduction.NONE) {
        o[e] = l;
      } else {
        total += l;
      }
    }
    if (reduction != Reduction.NONE) {
      o[0] = (reduction == Reduction.MEAN ? total / totalWeight(t, w, ignoreIndex) : total);
    }
  }

  static void backward(Tensor x, Tensor target, Tensor weight, int ignoreIndex, double smoothing,
      boolean logSoftmax, Reduction reduction, Tensor dOut, Tensor dx) {
    if (dx == null) {
      return;
    }
    int n = x.dim() == 1 ? 1 : x.size(0);
    int c = x.dim() == 1 ? x.size(0) : x.size(1);
    int inner = x.numel() / (n * c);
    double[] xs = d(x);
    double[] t = d(target);
    double[] w = weight == null ? null : d(weight);
    double[] g = d(dOut);
    double[] d = d(dx);
    double scale = reduction == Reduction.MEAN ? 1.0 / totalWeight(t, w, ignoreIndex) : 1.0;
    double[] z = scratch(0, c);
    double[] dz = scratch(1, c);
    for (int e = 0; e < n * inner; e++) {
      int cls = (int) t[e];
      if (cls == ignoreIndex) {
        continue;
      }
      double ge = reduction == Reduction.NONE ? g[e] : g[0] * scale;
      int base = (e / inner) * c * inner + e % inner;
      double dzSum = 0;
      for (int j = 0; j < c; j++) {
        dz[j] = -smoothing / c * w(w, j) * ge;
        dzSum += dz[j];
      }
      dz[cls] -= (1.0 - smoothing) * w(w, cls) * ge;
      dzSum -= (1.0 - smoothing) * w(w, cls) * ge;
      if (logSoftmax) {
        logProbs(xs, base, inner, true, z);
      }
      for (int j = 0; j < c; j++) {
        double v = logSoftmax ? dz[j] - Math.exp(z[j]) * dzSum : dz[j];
        d[base + j * inner] += v;
      }
    }
  }

  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[2][0]);

  /** This thread's scratch array {@code slot} of exactly {@code c} doubles. */
  private static double[] scratch(int slot, int c) {
    double[][] s = SCRATCH.get();
    if (s[slot].length != c) {
      s[slot] = new double[c];
    }
    return s[slot];
  }

  /** z[j] = x[base + j * stride], or its log-softmax over j. */
  private static void logProbs(double[] x, int base, int stride, boolean logSoftmax, double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < z.length; j++) {
      z[j] = x[base + j * stride];
      max = Math.max(max, z[j]);
    }
    if (!logSoftmax) {
      return;
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      sum += Math.exp(z[j] - max);
    }
    double lse = max + Math.log(sum);
    for (int j = 0; j < z.length; j++) {
      z[j] -= lse;
    }
  }

  /** The MEAN divisor: the summed weight of the non-ignored targets. */
  private static double totalWeight(double[] t, double[] w, int ignoreIndex) {
    double s = 0;
    for (double v : t) {
      if ((int) v != ignoreIndex) {
        s += w(w, (int) v);
      }
    }
    return s;
  }

  private static double w(double[] w, int cls) {
    return w == null ? 1.0 : w[cls];
  }
}
