package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

/**
 * The activations of issue 16 in double for {@link Float64Kernels}: the definitions, with
 * GELU's erf from its Taylor series below 3 and its continued fraction above.
 */
final class F64Activations {
  private static final double BETA = Math.sqrt(2 / Math.PI);
  private static final double KAPPA = 0.044715;

  private F64Activations() {}

  static double erf(double x) {
    double a = Math.abs(x);
    double r;
    if (a < 3) {
      double term = a;
      double sum = a;
      for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
        term *= -a * a / n;
        sum += term / (2 * n + 1);
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double f = a;
      for (int k = 80; k >= 1; k--) {
        f = a + (k / 2.0) / f;
      }
      r = 1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
    }
    return Math.copySign(r, x);
  }

  static double apply(String op, double v, double p) {
    return switch (op) {
      case "leaky" -> v > 0 ? v : p * v;
      case "elu" -> v > 0 ? v : p * Math.expm1(v);
      case "gelu" -> 0.5 * v * (1 + erf(v / Math.sqrt(2)));
      case "gelu_tanh" -> 0.5 * v * (1 + Math.tanh(BETA * (v + KAPPA * v * v * v)));
      case "silu" -> v / (1 + Math.exp(-v));
      default -> throw new IllegalArgumentException(op);
    };
  }

  static double derivative(String op, double v, double p) {
    return switch (op) {
      case "leaky" -> v > 0 ? 1 : p;
      case "elu" -> v > 0 ? 1 : p * Math.exp(v);
      case "gelu" -> 0.5 * (1 + erf(v / Math.sqrt(2)))
          + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
      case "gelu_tanh" -> {
        double t = Math.tanh(BETA * (v + KAPPA * v * v * v));
        yield 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * BETA * (1 + 3 * KAPPA * v * v);
      }
      case "silu" -> {
        double s = 1 / (1 + Math.exp(-v));
        yield s * (1 + v * (1 - s));
      }
      default -> throw new IllegalArgumentException(op);
    };
  }

  static void forward(String op, double p, Tensor x, Tensor y) {
    double[] a = d(x);
    double[] o = d(y);
    for (int i = 0; i < o.length; i++) {
      o[i] = apply(op, a[i], p);
    }
  }

  static void backward(String op, double p, Tensor x, Tensor dy, Tensor dx) {
    if (dx == null) {
      return;
    }
    double[] a = d(x);
    double[] g = d(dy);
    double[] o = d(dx);
    for (int i = 0; i < o.length; i++) {
      o[i] += g[i] * derivative(op, a[i], p);
    }
  }

  private static int preluInner(Tensor x, int c) {
    int inner = 1;
    for (int k = 2; c > 1 && k < x.dim(); k++) {
      inner *= x.size(k);
    }
    return c == 1 ? Math.max(x.numel(), 1) : inner;
  }

  static void prelu(Tensor x, Tensor weight, Tensor y) {
    double[] a = d(x);
    double[] w = d(weight);
    double[] o = d(y);
    int inner = preluInner(x, w.length);
    for (int i = 0; i < o.length; i++) {
      double s = w[(i / inner) % w.length];
      o[i] = a[i] > 0 ? a[i] : s * a[i];
    }
  }

  static void preluBackward(Tensor x, Tensor weight, Tensor dy, Tensor dx, Tensor dw) {
    double[] a = d(x);
    double[] w = d(weight);
    double[] g = d(dy);
    int inner = preluInner(x, w.length);
    for (int i = 0; i < a.length; i++) {
      int c = (i / inner) % w.length;
      if (dx != null) {
        d(dx)[i] += a[i] > 0 ? g[i] : w[c] * g[i];
      }
      if (dw != null && !(a[i] > 0)) {
        d(dw)[c] += a[i] * g[i];
      }
    }
  }

  static void softmax(Tensor x, int dim, boolean log, Tensor y) {
    double[] a = d(x);
    double[] o = d(y);
    int n = Shapes.extent(x, dim);
    int inner = Shapes.inner(x, dim);
    for (int j = 0; n > 0 && j < a.length / n; j++) {
      int base = (j / inner) * n * inner + j % inner;
      double m = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        m = Math.max(m, a[base + k * inner]);
      }
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += Math.exp(a[base + k * inner] - m);
      }
      for (int k = 0; k < n; k++) {
        double z = a[base + k * inner] - m;
        o[base + k * inner] = log ? z - Math.log(s) : Math.exp(z) / s;
      }
    }
  }

  static void softmaxBackward(Tensor y, int dim, boolean log, Tensor dy, Tensor dx) {
    if (dx == null) {
      return;
    }
    double[] v = d(y);
    double[] g = d(dy);
    double[] o = d(dx);
    int n = Shapes.extent(y, dim);
    int inner = Shapes.inner(y, dim);
    for (int j = 0; n > 0 && j < v.length / n; j++) {
      int base = (j / inner) * n * inner + j % inner;
      double t = 0;
      for (int k = 0; k < n; k++) {
        int e = base + k * inner;
        t += log ? g[e] : g[e] * v[e];
      }
      for (int k = 0; k < n; k++) {
        int e = base + k * inner;
        o[e] += log ? g[e] - Math.exp(v[e]) * t : v[e] * (g[e] - t);
      }
    }
  }
}
