package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.loss.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Negative log-likelihood and cross entropy over class-index targets, with class weights,
 * an ignored index and label smoothing as PyTorch 1.13 combines them; log-softmax is computed
 * stably in double ({@code x - max - log sum exp(x - max)}).
 */
final class ClassLosses {
  private ClassLosses() {}

  static void forward(Tensor x, Tensor target, Tensor weight, int ignoreIndex, float smoothing,
      boolean logSoftmax, Reduction reduction, Tensor out) {
    int[] dims = dims(x);
    int n = dims[0];
    int c = dims[1];
    int inner = dims[2];
    float[] xs = a(x);
    float[] t = a(target);
    float[] w = weight == null ? null : a(weight);
    float[] o = a(out);
    double[] z = new double[c];
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
          l -= smoothing / (double) c * s;
        }
      }
      if (reduction == Reduction.NONE) {
        o[e] = (float) l;
      } else {
        total += l;
      }
    }
    if (reduction != Reduction.NONE) {
      o[0] = (float) (reduction == Reduction.MEAN ? total / totalWeight(t, w, ignoreIndex) : total);
    }
  }

  static void backward(Tensor x, Tensor target, Tensor weight, int ignoreIndex, float smoothing,
      boolean logSoftmax, Reduction reduction, Tensor dOut, Tensor dx) {
    if (dx == null) {
      return;
    }
    int[] dims = dims(x);
    int n = dims[0];
    int c = dims[1];
    int inner = dims[2];
    float[] xs = a(x);
    float[] t = a(target);
    float[] w = weight == null ? null : a(weight);
    float[] g = a(dOut);
    float[] d = a(dx);
    double scale = reduction == Reduction.MEAN ? 1.0 / totalWeight(t, w, ignoreIndex) : 1.0;
    double[] z = new double[c];
    double[] dz = new double[c];
    for (int e = 0; e < n * inner; e++) {
      int cls = (int) t[e];
      if (cls == ignoreIndex) {
        continue;
      }
      double ge = reduction == Reduction.NONE ? g[e] : g[0] * scale;
      int base = (e / inner) * c * inner + e % inner;
      double dzSum = 0;
      for (int j = 0; j < c; j++) {
        dz[j] = -smoothing / (double) c * w(w, j) * ge;
        dzSum += dz[j];
      }
      dz[cls] -= (1.0 - smoothing) * w(w, cls) * ge;
      dzSum -= (1.0 - smoothing) * w(w, cls) * ge;
      if (logSoftmax) {
        logProbs(xs, base, inner, true, z);
      }
      for (int j = 0; j < c; j++) {
        double v = logSoftmax ? dz[j] - Math.exp(z[j]) * dzSum : dz[j];
        d[base + j * inner] += (float) v;
      }
    }
  }

  /** (outer, classes, inner) for x of shape (N, C, d...) or (C). */
  private static int[] dims(Tensor x) {
    int[] s = x.shape();
    if (s.length == 1) {
      return new int[] {1, s[0], 1};
    }
    int inner = 1;
    for (int i = 2; i < s.length; i++) {
      inner *= s[i];
    }
    return new int[] {s[0], s[1], inner};
  }

  /** z[j] = x[base + j * stride], or its log-softmax over j. */
  private static void logProbs(float[] x, int base, int stride, boolean logSoftmax, double[] z) {
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
  private static double totalWeight(float[] t, float[] w, int ignoreIndex) {
    double s = 0;
    for (float v : t) {
      if ((int) v != ignoreIndex) {
        s += w(w, (int) v);
      }
    }
    return s;
  }

  private static double w(float[] w, int cls) {
    return w == null ? 1.0 : w[cls];
  }
}
