package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

import dev.kiln.backend.Window2d;

/**
 * The pooling family of {@link Float64Kernels}: each output written from its definition (window
 * bounds, source indices, weights) in double, independently of the CPU kernels' loops.
 */
final class F64Spatial {
  private F64Spatial() {}

  /** Planes, input h and w, output oh and ow of {@code in (.., h, w)} and {@code out}. */
  private record Dims(int planes, int h, int w, int oh, int ow) {
    static Dims of(Tensor in, Tensor out) {
      int h = in.size(-2);
      int w = in.size(-1);
      return new Dims(h * w == 0 ? 0 : in.numel() / (h * w), h, w, out.size(-2), out.size(-1));
    }
  }

  static void maxPool(Tensor x, Window2d k, Tensor y, Tensor indices) {
    Dims s = Dims.of(x, y);
    double[] v = d(x);
    double[] o = d(y);
    double[] idx = d(indices);
    for (int p = 0; p < s.planes; p++) {
      for (int i = 0; i < s.oh; i++) {
        for (int j = 0; j < s.ow; j++) {
          double best = Double.NEGATIVE_INFINITY;
          int at = -1;
          for (int a = 0; a < k.kernelH(); a++) {
            for (int b = 0; b < k.kernelW(); b++) {
              int r = i * k.strideH() - k.padH() + a * k.dilationH();
              int c = j * k.strideW() - k.padW() + b * k.dilationW();
              if (r < 0 || r >= s.h || c < 0 || c >= s.w) {
                continue;
              }
              double e = v[p * s.h * s.w + r * s.w + c];
              if (at < 0 || e > best || Double.isNaN(e)) {
                best = e;
                at = r * s.w + c;
              }
            }
          }
          o[(p * s.oh + i) * s.ow + j] = best;
          idx[(p * s.oh + i) * s.ow + j] = at;
        }
      }
    }
  }

  static void maxPoolBackward(Tensor indices, Tensor dy, Tensor dx) {
    Dims s = Dims.of(dx, dy);
    double[] g = d(dy);
    double[] idx = d(indices);
    double[] out = d(dx);
    for (int e = 0; e < g.length; e++) {
      int p = e / (s.oh * s.ow);
      out[p * s.h * s.w + (int) idx[e]] += g[e];
    }
  }

  /** Average pooling; {@code backward} spreads {@code y} (dy) into {@code x} (dx). */
  static void avgPool(Tensor x, Window2d k, boolean countIncludePad, Tensor y, boolean backward) {
    Dims s = Dims.of(x, y);
    double[] v = d(x);
    double[] o = d(y);
    for (int p = 0; p < s.planes; p++) {
      for (int i = 0; i < s.oh; i++) {
        for (int j = 0; j < s.ow; j++) {
          int r0 = i * k.strideH() - k.padH();
          int c0 = j * k.strideW() - k.padW();
          int padded = (Math.min(r0 + k.kernelH(), s.h + k.padH()) - r0)
              * (Math.min(c0 + k.kernelW(), s.w + k.padW()) - c0);
          int inside = 0;
          double sum = 0;
          int e = (p * s.oh + i) * s.ow + j;
          for (int r = Math.max(r0, 0); r < Math.min(r0 + k.kernelH(), s.h); r++) {
            for (int c = Math.max(c0, 0); c < Math.min(c0 + k.kernelW(), s.w); c++) {
              inside++;
              sum += v[p * s.h * s.w + r * s.w + c];
            }
          }
          if (inside == 0) {
            if (!backward) {
              o[e] = 0;
            }
            continue;
          }
          double divisor = countIncludePad ? padded : inside;
          if (!backward) {
            o[e] = sum / divisor;
            continue;
          }
          for (int r = Math.max(r0, 0); r < Math.min(r0 + k.kernelH(), s.h); r++) {
            for (int c = Math.max(c0, 0); c < Math.min(c0 + k.kernelW(), s.w); c++) {
              v[p * s.h * s.w + r * s.w + c] += o[e] / divisor;
            }
          }
        }
      }
    }
  }

  static void adaptive(Tensor x, Tensor y, boolean backward) {
    Dims s = Dims.of(x, y);
    double[] v = d(x);
    double[] o = d(y);
    for (int p = 0; p < s.planes; p++) {
      for (int i = 0; i < s.oh; i++) {
        int r0 = (int) Math.floor((double) i * s.h / s.oh);
        int r1 = (int) Math.ceil((double) (i + 1) * s.h / s.oh);
        for (int j = 0; j < s.ow; j++) {
          int c0 = (int) Math.floor((double) j * s.w / s.ow);
          int c1 = (int) Math.ceil((double) (j + 1) * s.w / s.ow);
          int e = (p * s.oh + i) * s.ow + j;
          double n = (r1 - r0) * (c1 - c0);
          double sum = 0;
          for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
              if (backward) {
                v[p * s.h * s.w + r * s.w + c] += o[e] / n;
              } else {
                sum += v[p * s.h * s.w + r * s.w + c];
              }
            }
          }
          if (!backward) {
            o[e] = sum / n;
          }
        }
      }
    }
  }

  static void nearest(Tensor x, Tensor y, boolean backward) {
    Dims s = Dims.of(x, y);
    double[] v = d(x);
    double[] o = d(y);
    for (int p = 0; p < s.planes; p++) {
      for (int i = 0; i < s.oh; i++) {
        int r = Math.min((int) Math.floor(i * ((double) s.h / s.oh)), s.h - 1);
        for (int j = 0; j < s.ow; j++) {
          int c = Math.min((int) Math.floor(j * ((double) s.w / s.ow)), s.w - 1);
          int e = (p * s.oh + i) * s.ow + j;
          int src = p * s.h * s.w + r * s.w + c;
          if (backward) {
            v[src] += o[e];
          } else {
            o[e] = v[src];
          }
        }
      }
    }
  }

  /** Source coordinate, lower index and weight of the upper one, for output index {@code o}. */
  private static double[] linear(int o, int in, int out, boolean align) {
    double src;
    if (align) {
      src = out > 1 ? o * (double) (in - 1) / (out - 1) : 0;
    } else {
      src = Math.max((o + 0.5) * in / out - 0.5, 0);
    }
    int lo = Math.min((int) src, in - 1);
    return new double[] {lo, Math.min(lo + 1, in - 1), src - lo};
  }

  static void bilinear(Tensor x, boolean align, Tensor y, boolean backward) {
    Dims s = Dims.of(x, y);
    double[] v = d(x);
    double[] o = d(y);
    for (int p = 0; p < s.planes; p++) {
      for (int i = 0; i < s.oh; i++) {
        double[] r = linear(i, s.h, s.oh, align);
        for (int j = 0; j < s.ow; j++) {
          double[] c = linear(j, s.w, s.ow, align);
          int e = (p * s.oh + i) * s.ow + j;
          int[] rows = {(int) r[0], (int) r[1]};
          int[] cols = {(int) c[0], (int) c[1]};
          double[] wr = {1 - r[2], r[2]};
          double[] wc = {1 - c[2], c[2]};
          double sum = 0;
          for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
              int src = p * s.h * s.w + rows[a] * s.w + cols[b];
              if (backward) {
                v[src] += wr[a] * wc[b] * o[e];
              } else {
                sum += wr[a] * wc[b] * v[src];
              }
            }
          }
          if (!backward) {
            o[e] = sum;
          }
        }
      }
    }
  }

  static void shuffle(Tensor x, int r, Tensor y, boolean backward) {
    Dims s = Dims.of(x, y);
    double[] v = d(x);
    double[] o = d(y);
    for (int e = 0; e < o.length; e++) {
      int q = e / (s.oh * s.ow);
      int row = e / s.ow % s.oh;
      int col = e % s.ow;
      int plane = q * r * r + (row % r) * r + col % r;
      int src = plane * s.h * s.w + (row / r) * s.w + col / r;
      if (backward) {
        v[src] += o[e];
      } else {
        o[e] = v[src];
      }
    }
  }

  static void pad(Tensor x, int left, int top, Tensor y, boolean backward) {
    Dims s = Dims.of(x, y);
    double[] v = d(x);
    double[] o = d(y);
    for (int e = 0; e < o.length; e++) {
      int p = e / (s.oh * s.ow);
      int r = e / s.ow % s.oh - top;
      int c = e % s.ow - left;
      boolean inside = r >= 0 && r < s.h && c >= 0 && c < s.w;
      int src = p * s.h * s.w + r * s.w + c;
      if (backward) {
        if (inside) {
          v[src] += o[e];
        }
      } else {
        o[e] = inside ? v[src] : 0;
      }
    }
  }
}
