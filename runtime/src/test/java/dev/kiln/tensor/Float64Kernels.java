package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.CompareOp;
import dev.kiln.backend.ConvParams;
import dev.kiln.backend.Kernels;
import dev.kiln.backend.LossOp;
import dev.kiln.loss.Reduction;
import java.util.Arrays;

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
}
