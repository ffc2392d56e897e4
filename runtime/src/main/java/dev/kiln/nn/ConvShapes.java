package dev.kiln.nn;

import dev.kiln.backend.ConvParams;

/**
 * The output shapes of {@link ConvNd} layers, PyTorch's formulas, and the run-time errors for
 * inputs they cannot take: each names the layer (its repr), the shape it expects and the one it
 * got, then PyTorch's own wording.
 */
final class ConvShapes {
  private ConvShapes() {}

  static int[] output(ConvNd l, int[] in) {
    int s = l.spatial;
    String op = (l.transposed ? "conv_transpose" : "conv") + s + "d";
    String expected = "(*, " + l.inChannels + (s == 1 ? ", L)" : ", H, W)");
    if (in.length != s + 1 && in.length != s + 2) {
      throw new IllegalArgumentException(l + " expects input " + expected + " but got "
          + ConvNd.shape(in) + ": expected " + (s + 1) + "D (unbatched) or " + (s + 2)
          + "D (batched) input to " + op + ", but got input of size: " + list(in));
    }
    int c = in[in.length - s - 1];
    if (c != l.inChannels) {
      int[] w = l.weight().shape();
      throw new IllegalArgumentException(l + " expects input " + expected + " but got "
          + ConvNd.shape(in) + ": given groups=" + l.groups + ", weight of size " + list(w)
          + ", expected input" + list(in) + " to have " + (l.transposed ? w[0] : w[1] * l.groups)
          + " channels, but got " + c + " channels instead");
    }
    int h = s == 2 ? in[in.length - 2] : 1;
    int w = in[in.length - 1];
    ConvParams p = l.params();
    int[] out = in.clone();
    out[in.length - s - 1] = l.outChannels;
    int oh;
    int ow;
    if (l.transposed) {
      if (l.outputPadding[0] >= Math.max(l.stride[0], l.dilation[0])
          || l.outputPadding[1] >= Math.max(l.stride[1], l.dilation[1])) {
        throw new IllegalArgumentException(l + ": output padding must be smaller than either"
            + " stride or dilation, but got output_padding=" + l.tuple(l.outputPadding)
            + ", stride=" + l.tuple(l.stride) + ", dilation=" + l.tuple(l.dilation));
      }
      oh = (h - 1) * p.strideH() - 2 * p.padH() + p.dilationH() * (p.kernelH() - 1)
          + l.outputPadding[0] + 1;
      ow = (w - 1) * p.strideW() - 2 * p.padW() + p.dilationW() * (p.kernelW() - 1)
          + l.outputPadding[1] + 1;
      if (oh <= 0 || ow <= 0) {
        throw new IllegalArgumentException(l + " cannot take input " + ConvNd.shape(in)
            + ": given input size per channel: (" + l.sizes(h, w) + "). Calculated output size"
            + " per channel: (" + l.sizes(oh, ow) + "). Output size is too small");
      }
    } else {
      boolean same = "same".equals(l.paddingString);
      int padH = same ? p.dilationH() * (p.kernelH() - 1) : 2 * p.padH();
      int padW = same ? p.dilationW() * (p.kernelW() - 1) : 2 * p.padW();
      int kh = p.dilationH() * (p.kernelH() - 1) + 1;
      int kw = p.dilationW() * (p.kernelW() - 1) + 1;
      if (h + padH < kh || w + padW < kw) {
        throw new IllegalArgumentException(l + " cannot take input " + ConvNd.shape(in)
            + ": calculated padded input size per channel: (" + l.sizes(h + padH, w + padW)
            + "). Kernel size: (" + l.sizes(kh, kw) + "). Kernel size can't be greater than"
            + " actual input size");
      }
      oh = (h + padH - kh) / p.strideH() + 1;
      ow = (w + padW - kw) / p.strideW() + 1;
    }
    if (s == 2) {
      out[in.length - 2] = oh;
    }
    out[in.length - 1] = ow;
    return out;
  }

  /** A shape as PyTorch prints a size list: {@code [64, 3, 28, 28]}. */
  private static String list(int[] shape) {
    return java.util.Arrays.toString(shape);
  }
}
