package dev.kiln.tensor;

import static dev.kiln.tensor.Float64Device.d;

import dev.kiln.backend.ConvParams;

/**
 * Convolutions in double by their definition, for {@link Float64Kernels}: every (input element,
 * output element, weight) triple the convolution multiplies is visited once, in loop order.
 * The transposed convolution visits the same triples with its input and output swapped.
 */
final class Float64Conv {
  private Float64Conv() {}

  /** Receives flat indices into the convolution's input, output and weight. */
  interface Visitor {
    void visit(int in, int out, int weight);
  }

  /** Visits every triple of the convolution from {@code in} to {@code out}. */
  static void visit(ConvParams p, Tensor in, Tensor out, Visitor v) {
    int n = p.samples(in);
    int c = p.channels(in);
    int o = p.channels(out);
    int h = p.height(in);
    int w = in.size(-1);
    int oh = p.height(out);
    int ow = out.size(-1);
    int cg = c / p.groups();
    int og = o / p.groups();
    for (int s = 0; s < n; s++) {
      for (int oc = 0; oc < o; oc++) {
        int g = oc / og;
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int outIdx = ((s * o + oc) * oh + oy) * ow + ox;
            for (int ic = 0; ic < cg; ic++) {
              for (int ki = 0; ki < p.kernelH(); ki++) {
                int iy = oy * p.strideH() - p.padH() + ki * p.dilationH();
                for (int kj = 0; kj < p.kernelW(); kj++) {
                  int ix = ox * p.strideW() - p.padW() + kj * p.dilationW();
                  if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    int inIdx = ((s * c + g * cg + ic) * h + iy) * w + ix;
                    int wIdx = ((oc * cg + ic) * p.kernelH() + ki) * p.kernelW() + kj;
                    v.visit(inIdx, outIdx, wIdx);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /** {@code t[sample][channel][*] = b[channel]} (0 without {@code b}). */
  static void fillChannels(ConvParams p, Tensor t, Tensor b) {
    double[] v = d(t);
    int ch = p.channels(t);
    int pos = p.positions(t);
    for (int i = 0; i < v.length; i++) {
      v[i] = b == null ? 0 : d(b)[i / pos % ch];
    }
  }

  /** {@code db[channel] += sum of g[*][channel][*]}. */
  static void channelSums(ConvParams p, Tensor g, Tensor db) {
    double[] v = d(g);
    int ch = p.channels(g);
    int pos = p.positions(g);
    for (int i = 0; i < v.length; i++) {
      d(db)[i / pos % ch] += v[i];
    }
  }

  static void conv(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p) {
    fillChannels(p, y, b);
    double[] xs = d(x);
    double[] ws = d(w);
    double[] ys = d(y);
    visit(p, x, y, (i, o, k) -> ys[o] += xs[i] * ws[k]);
  }

  static void convBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
      ConvParams p) {
    double[] xs = d(x);
    double[] ws = d(w);
    double[] g = d(dy);
    double[] gx = dx == null ? null : d(dx);
    double[] gw = dw == null ? null : d(dw);
    visit(p, x, dy, (i, o, k) -> {
      if (gx != null) {
        gx[i] += g[o] * ws[k];
      }
      if (gw != null) {
        gw[k] += g[o] * xs[i];
      }
    });
    if (db != null) {
      channelSums(p, dy, db);
    }
  }

  static void convTranspose(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p) {
    fillChannels(p, y, b);
    double[] xs = d(x);
    double[] ws = d(w);
    double[] ys = d(y);
    visit(p, y, x, (i, o, k) -> ys[i] += xs[o] * ws[k]);
  }

  static void convTransposeBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
      Tensor db, ConvParams p) {
    double[] xs = d(x);
    double[] ws = d(w);
    double[] g = d(dy);
    double[] gx = dx == null ? null : d(dx);
    double[] gw = dw == null ? null : d(dw);
    visit(p, dy, x, (i, o, k) -> {
      if (gx != null) {
        gx[o] += g[i] * ws[k];
      }
      if (gw != null) {
        gw[k] += g[i] * xs[o];
      }
    });
    if (db != null) {
      channelSums(p, dy, db);
    }
  }
}
