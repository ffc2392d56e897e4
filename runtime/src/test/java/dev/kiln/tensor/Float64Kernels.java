package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.CompareOp;
import dev.kiln.backend.Kernels;
import dev.kiln.backend.LossOp;
import dev.kiln.loss.Reduction;
import java.util.Arrays;
import dev.kiln.backend.ConvParams;
import dev.kiln.backend.RnnSpec;

/**
 * The kernels of {@link Float64Device}: the CPU kernels' formulas in double, as plain loops in
 * the order of the definitions (no packing, no threads). Optimizer steps are not needed by a
 * gradient check and throw.
 */
final class Float64Kernels implements Kernels {
  @Override
  public void fill(Tensor dst, float value) {
    Arrays.fill(d(dst), value);
  }

  @Override
  public void copy(Tensor src, Tensor dst) {
    System.arraycopy(d(src), 0, d(dst), 0, src.numel());
  }

  @Override
  public void accumulate(Tensor src, Tensor dst) {
    double[] s = d(src);
    double[] t = d(dst);
    for (int i = 0; i < t.length; i++) {
      t[i] += s[i];
    }
  }

  @Override
  public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, boolean initBuffer,
      double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
      boolean maximize) {
    throw new UnsupportedOperationException("float64 device: no optimizer steps");
  }

  @Override
  public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
      Tensor maxExpAvgSq, long step, double lr, double beta1, double beta2, double eps,
      double weightDecay, boolean decoupledWeightDecay, boolean maximize) {
    throw new UnsupportedOperationException("float64 device: no optimizer steps");
  }

  @Override
  public void relu(Tensor x, Tensor y) {
    double[] a = d(x);
    double[] o = d(y);
    for (int i = 0; i < o.length; i++) {
      o[i] = Math.max(a[i], 0);
    }
  }

  @Override
  public void reluBackward(Tensor x, Tensor dy, Tensor dx) {
    double[] a = d(x);
    double[] g = d(dy);
    double[] o = d(dx);
    for (int i = 0; i < o.length; i++) {
      if (a[i] > 0) {
        o[i] += g[i];
      }
    }
  }

  @Override
  public void tanh(Tensor x, Tensor y) {
    double[] a = d(x);
    double[] o = d(y);
    for (int i = 0; i < o.length; i++) {
      o[i] = Math.tanh(a[i]);
    }
  }

  @Override
  public void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
    double[] a = d(y);
    double[] g = d(dy);
    double[] o = d(dx);
    for (int i = 0; i < o.length; i++) {
      o[i] += g[i] * (1 - a[i] * a[i]);
    }
  }

  @Override
  public void sigmoid(Tensor x, Tensor y) {
    double[] a = d(x);
    double[] o = d(y);
    for (int i = 0; i < o.length; i++) {
      o[i] = 1 / (1 + Math.exp(-a[i]));
    }
  }

  @Override
  public void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
    double[] a = d(y);
    double[] g = d(dy);
    double[] o = d(dx);
    for (int i = 0; i < o.length; i++) {
      o[i] += g[i] * a[i] * (1 - a[i]);
    }
  }

  @Override
  public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    double[] x = d(a);
    double[] y = d(b);
    double[] o = d(out);
    int[] ia = offsets(out.shape(), a.shape());
    int[] ib = offsets(out.shape(), b.shape());
    for (int i = 0; i < o.length; i++) {
      double u = x[ia[i]];
      double v = y[ib[i]];
      o[i] = switch (op) {
        case ADD -> u + v;
        case SUB -> u - v;
        case MUL -> u * v;
        case DIV -> u / v;
      };
    }
  }

  @Override
  public void binaryBackward(BinaryOp op, int which, Tensor a, Tensor b, Tensor dOut, Tensor dx) {
    double[] x = d(a);
    double[] y = d(b);
    double[] g = d(dOut);
    double[] o = d(dx);
    int[] ia = offsets(dOut.shape(), a.shape());
    int[] ib = offsets(dOut.shape(), b.shape());
    int[] target = which == 0 ? ia : ib;
    for (int i = 0; i < g.length; i++) {
      double local = switch (op) {
        case ADD -> 1;
        case SUB -> which == 0 ? 1 : -1;
        case MUL -> which == 0 ? y[ib[i]] : x[ia[i]];
        case DIV -> which == 0 ? 1 / y[ib[i]] : -x[ia[i]] / (y[ib[i]] * y[ib[i]]);
      };
      o[target[i]] += local * g[i];
    }
  }

  @Override
  public void matmul(Tensor a, Tensor b, Tensor out) {
    Batches s = new Batches(a, b, out);
    double[] x = d(a);
    double[] y = d(b);
    double[] o = d(out);
    for (int bi = 0; bi < s.count; bi++) {
      int oa = s.offA[bi] * s.n * s.k;
      int ob = s.offB[bi] * s.k * s.m;
      int oo = bi * s.n * s.m;
      for (int i = 0; i < s.n; i++) {
        for (int j = 0; j < s.m; j++) {
          double acc = 0;
          for (int p = 0; p < s.k; p++) {
            acc += x[oa + i * s.k + p] * y[ob + p * s.m + j];
          }
          o[oo + i * s.m + j] = acc;
        }
      }
    }
  }

  @Override
  public void matmulBackward(Tensor a, Tensor b, Tensor dOut, Tensor da, Tensor db) {
    Batches s = new Batches(a, b, dOut);
    double[] x = d(a);
    double[] y = d(b);
    double[] g = d(dOut);
    for (int bi = 0; bi < s.count; bi++) {
      int oa = s.offA[bi] * s.n * s.k;
      int ob = s.offB[bi] * s.k * s.m;
      int oo = bi * s.n * s.m;
      for (int i = 0; i < s.n; i++) {
        for (int p = 0; p < s.k; p++) {
          for (int j = 0; j < s.m; j++) {
            double gij = g[oo + i * s.m + j];
            if (da != null) {
              d(da)[oa + i * s.k + p] += gij * y[ob + p * s.m + j];
            }
            if (db != null) {
              d(db)[ob + p * s.m + j] += x[oa + i * s.k + p] * gij;
            }
          }
        }
      }
    }
  }

  @Override
  public void linear(Tensor x, Tensor w, Tensor b, Tensor y) {
    int out = w.size(0);
    int in = w.size(1);
    int rows = x.numel() / in;
    double[] a = d(x);
    double[] wt = d(w);
    double[] o = d(y);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < out; j++) {
        double acc = b == null ? 0 : d(b)[j];
        for (int p = 0; p < in; p++) {
          acc += a[r * in + p] * wt[j * in + p];
        }
        o[r * out + j] = acc;
      }
    }
  }

  @Override
  public void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
    int out = w.size(0);
    int in = w.size(1);
    int rows = x.numel() / in;
    double[] a = d(x);
    double[] wt = d(w);
    double[] g = d(dy);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < out; j++) {
        double gj = g[r * out + j];
        for (int p = 0; p < in; p++) {
          if (dx != null) {
            d(dx)[r * in + p] += gj * wt[j * in + p];
          }
          if (dw != null) {
            d(dw)[j * in + p] += gj * a[r * in + p];
          }
        }
        if (db != null) {
          d(db)[j] += gj;
        }
      }
    }
  }

  @Override
  public void sum(Tensor x, Tensor out) {
    double s = 0;
    for (double v : d(x)) {
      s += v;
    }
    d(out)[0] = s;
  }

  @Override
  public void sumBackward(Tensor dOut, float scale, Tensor dx) {
    double g = scale * d(dOut)[0];
    double[] o = d(dx);
    for (int i = 0; i < o.length; i++) {
      o[i] += g;
    }
  }

  @Override
  public void pointwiseLoss(LossOp op, float p, Tensor x, Tensor y, Tensor weight,
      Tensor posWeight, Reduction reduction, Tensor out) {
    F64PointwiseLosses.forward(op, p, x, y, weight, posWeight, reduction, out);
  }

  @Override
  public void pointwiseLossBackward(LossOp op, float p, Tensor x, Tensor y, Tensor weight,
      Tensor posWeight, Reduction reduction, Tensor dOut, Tensor dx) {
    F64PointwiseLosses.backward(op, p, x, y, weight, posWeight, reduction, dOut, dx);
  }

  @Override
  public void classLoss(Tensor x, Tensor target, Tensor weight, int ignoreIndex,
      float labelSmoothing, boolean logSoftmax, Reduction reduction, Tensor out) {
    F64ClassLosses.forward(x, target, weight, ignoreIndex, labelSmoothing, logSoftmax,
        reduction, out);
  }

  @Override
  public void classLossBackward(Tensor x, Tensor target, Tensor weight, int ignoreIndex,
      float labelSmoothing, boolean logSoftmax, Reduction reduction, Tensor dOut, Tensor dx) {
    F64ClassLosses.backward(x, target, weight, ignoreIndex, labelSmoothing, logSoftmax,
        reduction, dOut, dx);
  }

  @Override
  public int invalidClassIndex(Tensor target, int classes, int ignoreIndex) {
    double[] t = d(target);
    for (int i = 0; i < t.length; i++) {
      double v = t[i];
      boolean integral = v == Math.rint(v) && Math.abs(v) <= 1e9;
      if (!integral || ((int) v != ignoreIndex && (v < 0 || v >= classes))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void compare(CompareOp op, Tensor a, Tensor b, Tensor out) {
    throw new UnsupportedOperationException("float64 device: no comparisons");
  }

  @Override
  public void argmax(Tensor x, int dim, Tensor out) {
    throw new UnsupportedOperationException("float64 device: no argmax");
  }

  @Override
  public void sumDim(Tensor x, int dim, Tensor out) {
    double[] v = d(x);
    double[] o = d(out);
    int n = Shapes.extent(x, dim);
    int inner = Shapes.inner(x, dim);
    for (int j = 0; j < o.length; j++) {
      int base = (j / inner) * n * inner + j % inner;
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += v[base + k * inner];
      }
      o[j] = s;
    }
  }

  @Override
  public void sumDimBackward(Tensor dOut, int dim, float scale, Tensor dx) {
    double[] g = d(dOut);
    double[] o = d(dx);
    int n = Shapes.extent(dx, dim);
    int inner = Shapes.inner(dx, dim);
    for (int j = 0; j < g.length; j++) {
      int base = (j / inner) * n * inner + j % inner;
      for (int k = 0; k < n; k++) {
        o[base + k * inner] += scale * g[j];
      }
    }
  }

  // --- activations (issue 16) ---

  @Override
  public void leakyRelu(Tensor x, float negativeSlope, Tensor y) {
    F64Activations.forward("leaky", negativeSlope, x, y);
  }

  @Override
  public void leakyReluBackward(Tensor x, float negativeSlope, Tensor dy, Tensor dx) {
    F64Activations.backward("leaky", negativeSlope, x, dy, dx);
  }

  @Override
  public void elu(Tensor x, float alpha, Tensor y) {
    F64Activations.forward("elu", alpha, x, y);
  }

  @Override
  public void eluBackward(Tensor x, float alpha, Tensor dy, Tensor dx) {
    F64Activations.backward("elu", alpha, x, dy, dx);
  }

  @Override
  public void gelu(Tensor x, boolean tanh, Tensor y) {
    F64Activations.forward(tanh ? "gelu_tanh" : "gelu", 0, x, y);
  }

  @Override
  public void geluBackward(Tensor x, boolean tanh, Tensor dy, Tensor dx) {
    F64Activations.backward(tanh ? "gelu_tanh" : "gelu", 0, x, dy, dx);
  }

  @Override
  public void silu(Tensor x, Tensor y) {
    F64Activations.forward("silu", 0, x, y);
  }

  @Override
  public void siluBackward(Tensor x, Tensor dy, Tensor dx) {
    F64Activations.backward("silu", 0, x, dy, dx);
  }

  @Override
  public void prelu(Tensor x, Tensor weight, Tensor y) {
    F64Activations.prelu(x, weight, y);
  }

  @Override
  public void preluBackward(Tensor x, Tensor weight, Tensor dy, Tensor dx, Tensor dWeight) {
    F64Activations.preluBackward(x, weight, dy, dx, dWeight);
  }

  @Override
  public void softmax(Tensor x, int dim, boolean log, Tensor y) {
    F64Activations.softmax(x, dim, log, y);
  }

  @Override
  public void softmaxBackward(Tensor y, int dim, boolean log, Tensor dy, Tensor dx) {
    F64Activations.softmaxBackward(y, dim, log, dy, dx);
  }

  // --- pooling ---

  @Override
  public void maxPool2d(Tensor x, dev.kiln.backend.Window2d w, Tensor y, Tensor indices) {
    F64Spatial.maxPool(x, w, y, indices);
  }

  @Override
  public void maxPool2dBackward(Tensor indices, dev.kiln.backend.Window2d w, Tensor dy,
      Tensor dx) {
    F64Spatial.maxPoolBackward(indices, dy, dx);
  }

  @Override
  public void avgPool2d(Tensor x, dev.kiln.backend.Window2d w, boolean countIncludePad,
      Tensor y) {
    F64Spatial.avgPool(x, w, countIncludePad, y, false);
  }

  @Override
  public void avgPool2dBackward(Tensor dy, dev.kiln.backend.Window2d w, boolean countIncludePad,
      Tensor dx) {
    F64Spatial.avgPool(dx, w, countIncludePad, dy, true);
  }

  @Override
  public void adaptiveAvgPool2d(Tensor x, Tensor y) {
    F64Spatial.adaptive(x, y, false);
  }

  @Override
  public void adaptiveAvgPool2dBackward(Tensor dy, Tensor dx) {
    F64Spatial.adaptive(dx, dy, true);
  }

  @Override
  public void upsampleNearest2d(Tensor x, Tensor y) {
    F64Spatial.nearest(x, y, false);
  }

  @Override
  public void upsampleNearest2dBackward(Tensor dy, Tensor dx) {
    F64Spatial.nearest(dx, dy, true);
  }

  @Override
  public void upsampleBilinear2d(Tensor x, boolean alignCorners, Tensor y) {
    F64Spatial.bilinear(x, alignCorners, y, false);
  }

  @Override
  public void upsampleBilinear2dBackward(Tensor dy, boolean alignCorners, Tensor dx) {
    F64Spatial.bilinear(dx, alignCorners, dy, true);
  }

  @Override
  public void pixelShuffle(Tensor x, int r, Tensor y) {
    F64Spatial.shuffle(x, r, y, false);
  }

  @Override
  public void pixelShuffleBackward(Tensor dy, int r, Tensor dx) {
    F64Spatial.shuffle(dx, r, dy, true);
  }

  @Override
  public void pad2d(Tensor x, int left, int top, Tensor y) {
    F64Spatial.pad(x, left, top, y, false);
  }

  @Override
  public void pad2dBackward(Tensor dy, int left, int top, Tensor dx) {
    F64Spatial.pad(dx, left, top, dy, true);
  }

  /** Offsets into an operand of {@code shape} broadcast to {@code outShape}, row-major. */
  static int[] offsets(int[] outShape, int[] shape) {
    int rank = outShape.length;
    int[] strides = new int[rank];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i + rank - shape.length] = shape[i] == 1 ? 0 : s;
      s *= shape[i];
    }
    int n = Shapes.numel(outShape);
    int[] offsets = new int[n];
    int[] index = new int[rank];
    int off = 0;
    for (int e = 0; e < n; e++) {
      offsets[e] = off;
      for (int k = rank - 1; k >= 0; k--) {
        index[k]++;
        off += strides[k];
        if (index[k] < outShape[k]) {
          break;
        }
        off -= strides[k] * index[k];
        index[k] = 0;
      }
    }
    return offsets;
  }

  /** Which matrix of {@code a} and of {@code b} each output matrix uses. */
  private static final class Batches {
    final int n;
    final int k;
    final int m;
    final int count;
    final int[] offA;
    final int[] offB;

    Batches(Tensor a, Tensor b, Tensor out) {
      int[] sa = a.shape();
      int[] sb = b.shape();
      int[] so = out.shape();
      n = sa[sa.length - 2];
      k = sa[sa.length - 1];
      m = sb[sb.length - 1];
      int[] batch = Arrays.copyOf(so, so.length - 2);
      offA = offsets(batch, Arrays.copyOf(sa, sa.length - 2));
      offB = offsets(batch, Arrays.copyOf(sb, sb.length - 2));
      count = offA.length;
    }
  }

  // --- normalization and dropout: the definitions, in double ---

  private static int inner(Tensor x) {
    int nc = x.size(0) * x.size(1);
    return nc == 0 ? 0 : x.numel() / nc;
  }

  @Override
  public void batchNormStats(Tensor x, Tensor mean, Tensor var) {
    double[] v = d(x);
    int n = x.size(0);
    int c = x.size(1);
    int in = inner(x);
    for (int ch = 0; ch < c; ch++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < in; j++) {
          s += v[(i * c + ch) * in + j];
        }
      }
      double mu = s / ((double) n * in);
      double q = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < in; j++) {
          double dv = v[(i * c + ch) * in + j] - mu;
          q += dv * dv;
        }
      }
      d(mean)[ch] = mu;
      d(var)[ch] = q / ((double) n * in);
    }
  }

  @Override
  public void batchNormUpdateStats(Tensor mean, Tensor var, int count, float momentum,
      Tensor runningMean, Tensor runningVar, Tensor numBatchesTracked) {
    double m = momentum;
    if (numBatchesTracked != null) {
      d(numBatchesTracked)[0] += 1;
      if (Float.isNaN(momentum)) {
        m = 1 / d(numBatchesTracked)[0];
      }
    }
    for (int ch = 0; ch < mean.numel(); ch++) {
      d(runningMean)[ch] = (1 - m) * d(runningMean)[ch] + m * d(mean)[ch];
      d(runningVar)[ch] = (1 - m) * d(runningVar)[ch] + m * d(var)[ch] * count / (count - 1);
    }
  }

  @Override
  public void batchNorm(Tensor x, Tensor mean, Tensor var, float eps, Tensor weight, Tensor bias,
      Tensor y) {
    double[] v = d(x);
    double[] o = d(y);
    int c = x.size(1);
    int in = inner(x);
    for (int i = 0; i < o.length; i++) {
      int ch = in == 0 ? 0 : (i / in) % c;
      double xhat = (v[i] - d(mean)[ch]) / Math.sqrt(d(var)[ch] + eps);
      o[i] = xhat * (weight == null ? 1 : d(weight)[ch]) + (bias == null ? 0 : d(bias)[ch]);
    }
  }

  @Override
  public void batchNormBackward(Tensor x, Tensor dy, Tensor mean, Tensor var, float eps,
      Tensor weight, boolean batchStats, Tensor dx, Tensor dweight, Tensor dbias) {
    double[] v = d(x);
    double[] g = d(dy);
    int c = x.size(1);
    int in = inner(x);
    double count = (double) x.numel() / c;
    double[] sumDy = new double[c];
    double[] dot = new double[c];
    for (int i = 0; i < v.length; i++) {
      int ch = (i / in) % c;
      sumDy[ch] += g[i];
      dot[ch] += g[i] * (v[i] - d(mean)[ch]) / Math.sqrt(d(var)[ch] + eps);
    }
    for (int ch = 0; ch < c; ch++) {
      if (dweight != null) {
        d(dweight)[ch] += dot[ch];
      }
      if (dbias != null) {
        d(dbias)[ch] += sumDy[ch];
      }
    }
    if (dx == null) {
      return;
    }
    for (int i = 0; i < v.length; i++) {
      int ch = (i / in) % c;
      double invstd = 1 / Math.sqrt(d(var)[ch] + eps);
      double xhat = (v[i] - d(mean)[ch]) * invstd;
      double w = weight == null ? 1 : d(weight)[ch];
      double gi = batchStats ? g[i] - sumDy[ch] / count - xhat * dot[ch] / count : g[i];
      d(dx)[i] += gi * w * invstd;
    }
  }

  @Override
  public void groupNorm(Tensor x, int groups, float eps, Tensor weight, Tensor bias, Tensor y,
      Tensor mean, Tensor invstd) {
    double[] v = d(x);
    int n = x.size(0);
    int c = x.size(1);
    int in = inner(x);
    int len = c / groups * in;
    for (int i = 0; i < n * groups; i++) {
      double s = 0;
      for (int j = 0; j < len; j++) {
        s += v[i * len + j];
      }
      double mu = s / len;
      double q = 0;
      for (int j = 0; j < len; j++) {
        q += (v[i * len + j] - mu) * (v[i * len + j] - mu);
      }
      double r = 1 / Math.sqrt(q / len + eps);
      d(mean)[i] = mu;
      d(invstd)[i] = r;
      for (int j = 0; j < len; j++) {
        int ch = (i % groups) * (c / groups) + j / in;
        d(y)[i * len + j] = (v[i * len + j] - mu) * r * (weight == null ? 1 : d(weight)[ch])
            + (bias == null ? 0 : d(bias)[ch]);
      }
    }
  }

  @Override
  public void groupNormBackward(Tensor x, Tensor dy, int groups, Tensor mean, Tensor invstd,
      Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    double[] v = d(x);
    double[] g = d(dy);
    int n = x.size(0);
    int c = x.size(1);
    int in = inner(x);
    int len = c / groups * in;
    for (int i = 0; i < n * groups; i++) {
      double mu = d(mean)[i];
      double r = d(invstd)[i];
      double sumG = 0;
      double dotG = 0;
      for (int j = 0; j < len; j++) {
        int ch = (i % groups) * (c / groups) + j / in;
        double w = weight == null ? 1 : d(weight)[ch];
        double xhat = (v[i * len + j] - mu) * r;
        sumG += g[i * len + j] * w;
        dotG += g[i * len + j] * w * xhat;
        if (dweight != null) {
          d(dweight)[ch] += g[i * len + j] * xhat;
        }
        if (dbias != null) {
          d(dbias)[ch] += g[i * len + j];
        }
      }
      if (dx == null) {
        continue;
      }
      for (int j = 0; j < len; j++) {
        int ch = (i % groups) * (c / groups) + j / in;
        double w = weight == null ? 1 : d(weight)[ch];
        double xhat = (v[i * len + j] - mu) * r;
        d(dx)[i * len + j] += r * (g[i * len + j] * w - sumG / len - xhat * dotG / len);
      }
    }
  }

  @Override
  public void dropoutMask(Tensor mask, long seed, float p, float scale) {
    throw new UnsupportedOperationException("float64 device: dropout masks are drawn in float32");
  }

  @Override
  public void dropout(Tensor x, Tensor mask, Tensor y) {
    int k = x.numel() / Math.max(1, mask.numel());
    for (int i = 0; i < x.numel(); i++) {
      d(y)[i] = d(x)[i] * d(mask)[i / k];
    }
  }

  @Override
  public void dropoutBackward(Tensor dy, Tensor mask, Tensor dx) {
    int k = dx.numel() / Math.max(1, mask.numel());
    for (int i = 0; i < dx.numel(); i++) {
      d(dx)[i] += d(dy)[i] * d(mask)[i / k];
    }
  }

  // --- convolution ---

  @Override
  public void conv(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p, Tensor scratch) {
    Float64Conv.conv(x, w, b, y, p);
  }

  @Override
  public void convBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
      ConvParams p, Tensor scratch) {
    Float64Conv.convBackward(x, w, dy, dx, dw, db, p);
  }

  @Override
  public void convTranspose(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p,
      Tensor scratch) {
    Float64Conv.convTranspose(x, w, b, y, p);
  }

  @Override
  public void convTransposeBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
      Tensor db, ConvParams p, Tensor scratch) {
    Float64Conv.convTransposeBackward(x, w, dy, dx, dw, db, p);
  }

  // --- tensor ops (issue 17) ---

  @Override
  public void permute(Tensor x, int[] perm, Tensor y) {
    F64TensorOps.permute(x, perm, y, false);
  }

  @Override
  public void permuteBackward(Tensor dy, int[] perm, Tensor dx) {
    F64TensorOps.permute(dx, perm, dy, true);
  }

  @Override
  public void sliceCopy(Tensor src, int srcStart, Tensor dst, int dstStart, int dim, int length,
      boolean accumulate) {
    F64TensorOps.sliceCopy(src, srcStart, dst, dstStart, dim, length, accumulate);
  }

  @Override
  public void maskedFill(Tensor x, Tensor mask, float value, Tensor y) {
    F64TensorOps.maskedFill(x, mask, value, y, false);
  }

  @Override
  public void maskedFillBackward(Tensor mask, Tensor dy, Tensor dx) {
    F64TensorOps.maskedFill(dy, mask, 0, dx, true);
  }

  @Override
  public void scale(Tensor x, float a, float b, Tensor y) {
    F64TensorOps.scale(x, a, b, y, false);
  }

  @Override
  public void scaleBackward(Tensor dy, float a, Tensor dx) {
    F64TensorOps.scale(dy, a, 0, dx, true);
  }

  // --- sequence: embedding and row normalization (issue 17) ---

  @Override
  public void layerNorm(Tensor x, int d, float eps, Tensor weight, Tensor bias, Tensor y,
      Tensor mean, Tensor rstd) {
    F64Sequence.rowNorm(x, d, eps, true, weight, bias, y, mean, rstd);
  }

  @Override
  public void layerNormBackward(Tensor x, Tensor dy, int d, Tensor mean, Tensor rstd,
      Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    F64Sequence.rowNormBackward(x, dy, d, true, mean, rstd, weight, dx, dweight, dbias);
  }

  @Override
  public void rmsNorm(Tensor x, int d, float eps, Tensor weight, Tensor y, Tensor rstd) {
    F64Sequence.rowNorm(x, d, eps, false, weight, null, y, null, rstd);
  }

  @Override
  public void rmsNormBackward(Tensor x, Tensor dy, int d, Tensor rstd, Tensor weight, Tensor dx,
      Tensor dweight) {
    F64Sequence.rowNormBackward(x, dy, d, false, null, rstd, weight, dx, dweight, null);
  }

  @Override
  public void embedding(Tensor indices, Tensor weight, Tensor y) {
    F64Sequence.embedding(indices, weight, y);
  }

  @Override
  public void embeddingBackward(Tensor indices, Tensor dy, int paddingIdx, Tensor dweight) {
    F64Sequence.embeddingBackward(indices, dy, paddingIdx, dweight);
  }

  @Override
  public void addPositional(Tensor x, Tensor table, int seqLen, int inner, Tensor y) {
    F64Sequence.addPositional(x, table, seqLen, inner, y);
  }

  // --- recurrent ---

  @Override
  public void rnnLayer(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh,
      Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN,
      Tensor state) {
    Float64Rnn.forward(s, layer, dir, x, wIh, wHh, bIh, bHh, h0, c0, y, hN, cN, state);
  }

  @Override
  public void rnnLayerBackward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh,
      Tensor state, Tensor dy, Tensor dhN, Tensor dcN, Tensor dx, Tensor dh0, Tensor dc0,
      Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor scratch) {
    Float64Rnn.backward(s, layer, dir, x, wIh, wHh, state, dy, dhN, dcN, dx, dh0, dc0, dwIh,
        dwHh, dbIh, dbHh, scratch);
  }

  // --- attention (issue 17) ---

  @Override
  public void attentionScores(Tensor q, Tensor k, Tensor mask, Tensor keyMask, boolean causal,
      float scale, Tensor probs) {
    F64Attention.scores(q, k, mask, keyMask, causal, scale, probs);
  }

  @Override
  public void attentionScoresBackward(Tensor q, Tensor k, Tensor probs, Tensor dProbs,
      float scale, Tensor dq, Tensor dk, Tensor dScores) {
    F64Attention.scoresBackward(q, k, probs, dProbs, scale, dq, dk, dScores);
  }

  @Override
  public void attentionValues(Tensor probs, Tensor v, Tensor out) {
    F64Attention.values(probs, v, out, null, null, null, false);
  }

  @Override
  public void attentionValuesBackward(Tensor probs, Tensor v, Tensor dOut, Tensor dProbs,
      Tensor dv) {
    F64Attention.values(probs, v, null, dOut, dProbs, dv, true);
  }

  @Override
  public void splitHeads(Tensor x, int col0, boolean batchFirst, Tensor out) {
    F64Attention.split(x, col0, batchFirst, out, false);
  }

  @Override
  public void splitHeadsBackward(Tensor dOut, int col0, boolean batchFirst, Tensor dx) {
    F64Attention.split(dx, col0, batchFirst, dOut, true);
  }

  @Override
  public void copyRange(Tensor src, int srcOffset, Tensor dst, int dstOffset, int count) {
    System.arraycopy(d(src), srcOffset, d(dst), dstOffset, count);
  }

  @Override
  public void accumulateRange(Tensor src, int srcOffset, Tensor dst, int dstOffset, int count) {
    for (int i = 0; i < count; i++) {
      d(dst)[dstOffset + i] += d(src)[srcOffset + i];
    }
  }
}
