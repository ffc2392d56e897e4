package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

/**
 * The tensor-op kernels (permute, sliceCopy, maskedFill, scale) in float64 for {@link
 * Float64Kernels}: plain loops over full multi-indices, written from the definitions rather than
 * from the CPU kernels' row walks.
 */
final class F64TensorOps {
  private F64TensorOps() {}

  /** {@code y = x.permute(perm)}, or with {@code backward} {@code x += y} permuted back. */
  static void permute(Tensor x, int[] perm, Tensor y, boolean backward) {
    double[] xs = d(x);
    double[] ys = d(y);
    int r = x.dim();
    int[] xStride = strides(x.shape());
    int[] index = new int[r];
    for (int e = 0; e < ys.length; e++) {
      int rest = e;
      for (int j = r - 1; j >= 0; j--) {
        index[j] = rest % y.size(j);
        rest /= y.size(j);
      }
      int off = 0;
      for (int j = 0; j < r; j++) {
        off += index[j] * xStride[perm[j]];
      }
      if (backward) {
        xs[off] += ys[e];
      } else {
        ys[e] = xs[off];
      }
    }
  }

  static void sliceCopy(Tensor src, int srcStart, Tensor dst, int dstStart, int dim, int length,
      boolean accumulate) {
    int outer = 1;
    for (int k = 0; k < dim; k++) {
      outer *= src.size(k);
    }
    int inner = 1;
    for (int k = dim + 1; k < src.dim(); k++) {
      inner *= src.size(k);
    }
    if (outer * inner == 0) {
      return;
    }
    int srcN = src.dim() == 0 ? 1 : src.size(dim);
    int dstN = dst.numel() / (outer * inner);
    double[] s = d(src);
    double[] t = d(dst);
    for (int o = 0; o < outer; o++) {
      for (int l = 0; l < length; l++) {
        for (int i = 0; i < inner; i++) {
          int from = (o * srcN + srcStart + l) * inner + i;
          int to = (o * dstN + dstStart + l) * inner + i;
          t[to] = accumulate ? t[to] + s[from] : s[from];
        }
      }
    }
  }

  /** {@code y = mask != 0 ? value : x}, or with {@code backward} {@code y += mask == 0 ? x : 0}. */
  static void maskedFill(Tensor x, Tensor mask, double value, Tensor y, boolean backward) {
    double[] v = d(x);
    double[] m = d(mask);
    double[] o = d(y);
    int[] offsets = Float64Kernels.offsets(x.shape(), mask.shape());
    for (int i = 0; i < v.length; i++) {
      boolean fill = m[offsets[i]] != 0;
      if (backward) {
        o[i] += fill ? 0 : v[i];
      } else {
        o[i] = fill ? value : v[i];
      }
    }
  }

  static void scale(Tensor x, double a, double b, Tensor y, boolean backward) {
    double[] v = d(x);
    double[] o = d(y);
    for (int i = 0; i < o.length; i++) {
      o[i] = backward ? o[i] + a * v[i] : a * v[i] + b;
    }
  }

  private static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int stride = 1;
    for (int k = shape.length - 1; k >= 0; k--) {
      s[k] = stride;
      stride *= shape[k];
    }
    return s;
  }
}
