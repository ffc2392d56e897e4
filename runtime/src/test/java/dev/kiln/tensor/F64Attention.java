package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

/** The attention kernels of {@link Float64Kernels}: the definitions as plain loops in double. */
final class F64Attention {
  private F64Attention() {}

  private static int[] dims(Tensor p) {
    int l = p.size(p.dim() - 2);
    int s = p.size(p.dim() - 1);
    return new int[] {l * s == 0 ? 0 : p.numel() / (l * s), l, s};
  }

  static void scores(Tensor q, Tensor k, Tensor mask, Tensor keyMask, boolean causal,
      float scale, Tensor probs) {
    int[] g = dims(probs);
    int l = g[1];
    int s = g[2];
    int e = q.size(q.dim() - 1);
    double[] qs = d(q);
    double[] ks = d(k);
    double[] p = d(probs);
    boolean perMatrix = mask != null && mask.numel() != l * s;
    int group = keyMask == null ? 1 : Math.max(1, g[0] / keyMask.size(0));
    for (int m = 0; m < g[0]; m++) {
      for (int i = 0; i < l; i++) {
        int r = m * l + i;
        int width = causal ? Math.min(i + 1, s) : s;
        double mx = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) {
          double acc = 0;
          for (int c = 0; c < e; c++) {
            acc += qs[r * e + c] * ks[(m * s + j) * e + c];
          }
          acc *= scale;
          if (mask != null) {
            acc += d(mask)[(perMatrix ? r * s : i * s) + j];
          }
          if (keyMask != null) {
            acc += d(keyMask)[(m / group) * s + j];
          }
          p[r * s + j] = acc;
          mx = Math.max(mx, acc);
        }
        double sum = 0;
        for (int j = 0; j < width; j++) {
          sum += Math.exp(p[r * s + j] - mx);
        }
        for (int j = 0; j < s; j++) {
          p[r * s + j] = j < width ? Math.exp(p[r * s + j] - mx) / sum : 0;
        }
      }
    }
  }

  static void scoresBackward(Tensor q, Tensor k, Tensor probs, Tensor dProbs, float scale,
      Tensor dq, Tensor dk, Tensor dScores) {
    int[] g = dims(probs);
    int l = g[1];
    int s = g[2];
    int e = q.size(q.dim() - 1);
    double[] p = d(probs);
    double[] dp = d(dProbs);
    double[] ds = d(dScores);
    for (int r = 0; r < g[0] * l; r++) {
      double t = 0;
      for (int j = 0; j < s; j++) {
        t += dp[r * s + j] * p[r * s + j];
      }
      for (int j = 0; j < s; j++) {
        ds[r * s + j] = (dp[r * s + j] - t) * p[r * s + j] * scale;
      }
    }
    for (int m = 0; m < g[0]; m++) {
      for (int i = 0; i < l; i++) {
        for (int j = 0; j < s; j++) {
          double v = ds[(m * l + i) * s + j];
          for (int c = 0; c < e; c++) {
            if (dq != null) {
              d(dq)[(m * l + i) * e + c] += v * d(k)[(m * s + j) * e + c];
            }
            if (dk != null) {
              d(dk)[(m * s + j) * e + c] += v * d(q)[(m * l + i) * e + c];
            }
          }
        }
      }
    }
  }

  static void values(Tensor probs, Tensor v, Tensor out, Tensor dOut, Tensor dProbs, Tensor dv,
      boolean backward) {
    int[] g = dims(probs);
    int l = g[1];
    int s = g[2];
    int ev = v.size(v.dim() - 1);
    double[] p = d(probs);
    double[] vs = d(v);
    if (!backward) {
      java.util.Arrays.fill(d(out), 0);
    }
    for (int m = 0; m < g[0]; m++) {
      for (int i = 0; i < l; i++) {
        for (int j = 0; j < s; j++) {
          int pi = (m * l + i) * s + j;
          for (int c = 0; c < ev; c++) {
            int oi = (m * l + i) * ev + c;
            int vi = (m * s + j) * ev + c;
            if (!backward) {
              d(out)[oi] += p[pi] * vs[vi];
            } else {
              if (dProbs != null) {
                d(dProbs)[pi] += d(dOut)[oi] * vs[vi];
              }
              if (dv != null) {
                d(dv)[vi] += p[pi] * d(dOut)[oi];
              }
            }
          }
        }
      }
    }
  }

  static void split(Tensor x, int col0, boolean batchFirst, Tensor out, boolean backward) {
    int b = out.size(0);
    int h = out.size(1);
    int t = out.size(2);
    int dd = out.size(3);
    int c = x.size(x.dim() - 1);
    double[] xs = d(x);
    double[] o = d(out);
    for (int bi = 0; bi < b; bi++) {
      for (int hi = 0; hi < h; hi++) {
        for (int ti = 0; ti < t; ti++) {
          for (int i = 0; i < dd; i++) {
            int row = batchFirst ? bi * t + ti : ti * b + bi;
            int xi = row * c + col0 + hi * dd + i;
            int oi = ((bi * h + hi) * t + ti) * dd + i;
            if (backward) {
              xs[xi] += o[oi];
            } else {
              o[oi] = xs[xi];
            }
          }
        }
      }
    }
  }
}
