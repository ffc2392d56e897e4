package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/**
 * Batch and group normalization. {@code x (N, C, *)} is viewed as {@code (N, C, inner)}; every
 * loop runs over the contiguous {@code inner} elements of one sample and channel
 * ({@link Segments}). Statistics are accumulated in double.
 */
final class Normalization {
  private Normalization() {}

  private static int inner(Tensor x) {
    int nc = x.size(0) * x.size(1);
    return nc == 0 ? 0 : x.numel() / nc;
  }

  static void batchStats(Tensor x, Tensor mean, Tensor var) {
    float[] v = a(x);
    float[] m = a(mean);
    float[] s = a(var);
    int n = x.size(0);
    int c = x.size(1);
    int inner = inner(x);
    double count = (double) n * inner;
    for (int ch = 0; ch < c; ch++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Segments.sum(v, (i * c + ch) * inner, inner);
      }
      float mu = (float) (sum / count);
      double sq = 0;
      for (int i = 0; i < n; i++) {
        sq += Segments.sumSquaredDeviation(v, (i * c + ch) * inner, inner, mu);
      }
      m[ch] = mu;
      s[ch] = (float) (sq / count);
    }
  }

  static void updateStats(Tensor mean, Tensor var, int count, float momentum, Tensor runningMean,
      Tensor runningVar, Tensor numBatchesTracked) {
    double factor = momentum;
    if (numBatchesTracked != null) {
      float[] t = a(numBatchesTracked);
      t[0] += 1;
      if (Float.isNaN(momentum)) {
        factor = 1.0 / t[0];
      }
    }
    float[] m = a(mean);
    float[] s = a(var);
    float[] rm = a(runningMean);
    float[] rv = a(runningVar);
    double unbias = count > 1 ? (double) count / (count - 1) : Double.NaN;
    for (int ch = 0; ch < m.length; ch++) {
      rm[ch] = (float) ((1 - factor) * rm[ch] + factor * m[ch]);
      rv[ch] = (float) ((1 - factor) * rv[ch] + factor * (s[ch] * unbias));
    }
  }

  static void forward(Tensor x, Tensor mean, Tensor var, float eps, Tensor weight, Tensor bias,
      Tensor y) {
    float[] v = a(x);
    float[] out = a(y);
    float[] m = a(mean);
    float[] s = a(var);
    float[] w = weight == null ? null : a(weight);
    float[] b = bias == null ? null : a(bias);
    int n = x.size(0);
    int c = x.size(1);
    int inner = inner(x);
    for (int ch = 0; ch < c; ch++) {
      double invstd = 1 / Math.sqrt((double) s[ch] + eps);
      double alpha = w == null ? invstd : invstd * w[ch];
      float scale = (float) alpha;
      float shift = (float) ((b == null ? 0 : b[ch]) - m[ch] * alpha);
      for (int i = 0; i < n; i++) {
        Segments.affine(v, out, (i * c + ch) * inner, inner, scale, shift);
      }
    }
  }

  static void backward(Tensor x, Tensor dy, Tensor mean, Tensor var, float eps, Tensor weight,
      boolean batchStats, Tensor dx, Tensor dweight, Tensor dbias) {
    float[] v = a(x);
    float[] g = a(dy);
    float[] m = a(mean);
    float[] s = a(var);
    float[] w = weight == null ? null : a(weight);
    float[] d = dx == null ? null : a(dx);
    float[] dw = dweight == null ? null : a(dweight);
    float[] db = dbias == null ? null : a(dbias);
    int n = x.size(0);
    int c = x.size(1);
    int inner = inner(x);
    double count = (double) n * inner;
    for (int ch = 0; ch < c; ch++) {
      float mu = m[ch];
      double sumDy = 0;
      double dot = 0;
      for (int i = 0; i < n; i++) {
        int off = (i * c + ch) * inner;
        sumDy += Segments.sum(g, off, inner);
        dot += Segments.dotDeviation(g, v, off, inner, mu);
      }
      double invstd = 1 / Math.sqrt((double) s[ch] + eps);
      if (dw != null) {
        dw[ch] += (float) (dot * invstd);
      }
      if (db != null) {
        db[ch] += (float) sumDy;
      }
      if (d == null) {
        continue;
      }
      double scale = w == null ? invstd : invstd * w[ch];
      double k = batchStats ? dot * invstd * invstd / count : 0;
      double meanDy = batchStats ? sumDy / count : 0;
      float fa = (float) scale;
      float fb = (float) (-k * scale);
      float fc = (float) (-meanDy * scale);
      for (int i = 0; i < n; i++) {
        Segments.gradient(g, v, d, (i * c + ch) * inner, inner, fa, mu, fb, fc);
      }
    }
  }

  static void groupForward(Tensor x, int groups, float eps, Tensor weight, Tensor bias, Tensor y,
      Tensor mean, Tensor invstd) {
    float[] v = a(x);
    float[] out = a(y);
    float[] m = a(mean);
    float[] r = a(invstd);
    float[] w = weight == null ? null : a(weight);
    float[] b = bias == null ? null : a(bias);
    int n = x.size(0);
    int c = x.size(1);
    int inner = inner(x);
    int per = c / groups;
    int len = per * inner;
    for (int i = 0; i < n; i++) {
      for (int grp = 0; grp < groups; grp++) {
        int off = (i * c + grp * per) * inner;
        float mu = (float) (Segments.sum(v, off, len) / len);
        double var = Segments.sumSquaredDeviation(v, off, len, mu) / len;
        double rs = 1 / Math.sqrt(var + eps);
        m[i * groups + grp] = mu;
        r[i * groups + grp] = (float) rs;
        for (int ch = grp * per; ch < (grp + 1) * per; ch++) {
          double alpha = w == null ? rs : rs * w[ch];
          Segments.affine(v, out, (i * c + ch) * inner, inner, (float) alpha,
              (float) ((b == null ? 0 : b[ch]) - mu * alpha));
        }
      }
    }
  }

  static void groupBackward(Tensor x, Tensor dy, int groups, Tensor mean, Tensor invstd,
      Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    float[] v = a(x);
    float[] g = a(dy);
    float[] m = a(mean);
    float[] r = a(invstd);
    float[] w = weight == null ? null : a(weight);
    float[] d = dx == null ? null : a(dx);
    float[] dw = dweight == null ? null : a(dweight);
    float[] db = dbias == null ? null : a(dbias);
    int n = x.size(0);
    int c = x.size(1);
    int inner = inner(x);
    int per = c / groups;
    double len = (double) per * inner;
    for (int i = 0; i < n; i++) {
      for (int grp = 0; grp < groups; grp++) {
        float mu = m[i * groups + grp];
        double rs = r[i * groups + grp];
        double sumG = 0; // sum of dy * w over the group
        double dotG = 0; // sum of dy * w * (x - mean) over the group
        for (int ch = grp * per; ch < (grp + 1) * per; ch++) {
          int off = (i * c + ch) * inner;
          double sumDy = Segments.sum(g, off, inner);
          double dot = Segments.dotDeviation(g, v, off, inner, mu);
          if (dw != null) {
            dw[ch] += (float) (dot * rs);
          }
          if (db != null) {
            db[ch] += (float) sumDy;
          }
          double wc = w == null ? 1 : w[ch];
          sumG += sumDy * wc;
          dotG += dot * wc;
        }
        if (d == null) {
          continue;
        }
        float fb = (float) (-dotG * rs * rs * rs / len);
        float fc = (float) (-sumG * rs / len);
        for (int ch = grp * per; ch < (grp + 1) * per; ch++) {
          float fa = (float) (w == null ? rs : rs * w[ch]);
          Segments.gradient(g, v, d, (i * c + ch) * inner, inner, fa, mu, fb, fc);
        }
      }
    }
  }
}
