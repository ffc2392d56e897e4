package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

/** The sequence kernels (embedding, layer and RMS normalization) in double, by definition. */
final class F64Sequence {
  private F64Sequence() {}

  /** Layer ({@code centered}) or RMS normalization of rows of {@code d} elements. */
  static void rowNorm(Tensor x, int d, float eps, boolean centered, Tensor weight, Tensor bias,
      Tensor y, Tensor mean, Tensor rstd) {
    double[] v = d(x);
    int rows = d == 0 ? 0 : v.length / d;
    for (int r = 0; r < rows; r++) {
      double mu = 0;
      if (centered) {
        for (int j = 0; j < d; j++) {
          mu += v[r * d + j];
        }
        mu /= d;
        d(mean)[r] = mu;
      }
      double q = 0;
      for (int j = 0; j < d; j++) {
        q += (v[r * d + j] - mu) * (v[r * d + j] - mu);
      }
      double rs = 1 / Math.sqrt(q / d + eps);
      d(rstd)[r] = rs;
      for (int j = 0; j < d; j++) {
        d(y)[r * d + j] = (v[r * d + j] - mu) * rs * (weight == null ? 1 : d(weight)[j])
            + (bias == null ? 0 : d(bias)[j]);
      }
    }
  }

  static void rowNormBackward(Tensor x, Tensor dy, int d, boolean centered, Tensor mean,
      Tensor rstd, Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    double[] v = d(x);
    double[] g = d(dy);
    int rows = d == 0 ? 0 : v.length / d;
    for (int r = 0; r < rows; r++) {
      double mu = centered ? d(mean)[r] : 0;
      double rs = d(rstd)[r];
      double sumG = 0;
      double dotG = 0;
      for (int j = 0; j < d; j++) {
        double w = weight == null ? 1 : d(weight)[j];
        double xhat = (v[r * d + j] - mu) * rs;
        sumG += g[r * d + j] * w;
        dotG += g[r * d + j] * w * xhat;
        if (dweight != null) {
          d(dweight)[j] += g[r * d + j] * xhat;
        }
        if (dbias != null) {
          d(dbias)[j] += g[r * d + j];
        }
      }
      if (dx == null) {
        continue;
      }
      for (int j = 0; j < d; j++) {
        double w = weight == null ? 1 : d(weight)[j];
        double xhat = (v[r * d + j] - mu) * rs;
        d(dx)[r * d + j] += rs * (g[r * d + j] * w - (centered ? sumG / d : 0) - xhat * dotG / d);
      }
    }
  }

  static void embedding(Tensor indices, Tensor weight, Tensor y) {
    int d = weight.size(1);
    double[] idx = d(indices);
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(d(weight), (int) idx[i] * d, d(y), i * d, d);
    }
  }

  static void embeddingBackward(Tensor indices, Tensor dy, int paddingIdx, Tensor dweight) {
    int d = dweight.size(1);
    double[] idx = d(indices);
    for (int i = 0; i < idx.length; i++) {
      int row = (int) idx[i];
      for (int j = 0; row != paddingIdx && j < d; j++) {
        d(dweight)[row * d + j] += d(dy)[i * d + j];
      }
    }
  }

  static void addPositional(Tensor x, Tensor table, int seqLen, int inner, Tensor y) {
    int d = x.size(-1);
    double[] v = d(x);
    for (int i = 0; i < v.length; i++) {
      d(y)[i] = v[i] + d(table)[((i / d / inner) % seqLen) * d + i % d];
    }
  }
}
