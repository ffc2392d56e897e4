package dev.kiln.backend;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Contract cases for convolutions: groups, stride 2, dilation 2, padding (symmetric and the
 * asymmetric kind {@code padding="same"} gives an even kernel), odd sizes, a 1x1 kernel (read
 * without im2col), Conv1d, and products large enough to cross GEMM tiles and use threads.
 */
final class ConvKernelCases {
  private ConvKernelCases() {}

  /** {@code n, c, h, w, o, kh, kw, stride, pad, dilation, groups, oneD}. */
  private static final int[][] SHAPES = {
      {2, 3, 7, 9, 5, 3, 3, 1, 1, 1, 1, 0},
      {2, 4, 9, 8, 6, 3, 3, 2, 1, 1, 2, 0},
      {1, 6, 11, 13, 9, 3, 2, 1, 2, 2, 3, 0},
      {3, 5, 6, 7, 4, 1, 1, 1, 0, 1, 1, 0},
      {2, 4, 1, 17, 6, 1, 5, 2, 2, 1, 2, 1},
      {4, 16, 13, 21, 37, 3, 3, 1, 1, 1, 1, 0},
      {2, 6, 5, 5, 6, 4, 4, 1, 0, 1, 6, 0}};

  static void add(List<KernelCase> c) {
    for (int[] s : SHAPES) {
      String name = java.util.Arrays.toString(s);
      for (boolean bias : new boolean[] {true, false}) {
        c.add(new KernelCase("conv convBackward " + name + " bias " + bias, e -> {
          ConvParams p = params(s, s[8]);
          int oh = (s[2] + 2 * s[8] - s[9] * (s[5] - 1) - 1) / s[7] + 1;
          int ow = (s[3] + 2 * s[8] - s[9] * (s[6] - 1) - 1) / s[7] + 1;
          int[] xs = shape(s, s[1], s[2], s[3]);
          int[] ys = shape(s, s[4], oh, ow);
          Tensor x = e.rand(xs);
          Tensor w = e.rand(s[4], s[1] / s[10], s[5], s[6]);
          Tensor b = bias ? e.rand(s[4]) : null;
          Tensor y = e.rand(ys);
          e.k.conv(x, w, b, y, p, scratch(e, p, x, y, false));
          Tensor dx = e.rand(xs);
          Tensor dw = e.rand(w.shape());
          Tensor db = e.rand(s[4]);
          e.k.convBackward(x, w, e.rand(ys), dx, dw, bias ? db : null, p,
              scratch(e, p, x, y, false));
          return new Tensor[] {y, dx, dw, db};
        }));
        c.add(new KernelCase("convTranspose convTransposeBackward " + name + " bias " + bias,
            e -> {
              // output padding 1 where the stride allows it
              int extra = s[7] > 1 ? 1 : 0;
              ConvParams p = params(s, s[8]);
              int oh = (s[2] - 1) * s[7] - 2 * s[8] + s[9] * (s[5] - 1) + 1 + extra;
              int ow = (s[3] - 1) * s[7] - 2 * s[8] + s[9] * (s[6] - 1) + 1 + extra;
              if (s[11] == 1) {
                oh = 1;
              }
              int[] xs = shape(s, s[1], s[2], s[3]);
              int[] ys = shape(s, s[4], oh, ow);
              Tensor x = e.rand(xs);
              Tensor w = e.rand(s[1], s[4] / s[10], s[5], s[6]);
              Tensor b = bias ? e.rand(s[4]) : null;
              Tensor y = e.rand(ys);
              e.k.convTranspose(x, w, b, y, p, scratch(e, p, x, y, true));
              Tensor dx = e.rand(xs);
              Tensor dw = e.rand(w.shape());
              Tensor db = e.rand(s[4]);
              e.k.convTransposeBackward(x, w, e.rand(ys), dx, dw, bias ? db : null, p,
                  scratch(e, p, x, y, true));
              return new Tensor[] {y, dx, dw, db};
            }));
      }
    }
    c.add(new KernelCase("conv padding same, even kernel", e -> {
      // kernel 4, dilation 1: 3 padding in all, 1 before and 2 after
      ConvParams p = new ConvParams(2, 4, 4, 1, 1, 1, 1, 1, 1, 1);
      Tensor x = e.rand(2, 3, 6, 5);
      Tensor w = e.rand(4, 3, 4, 4);
      Tensor y = e.rand(2, 4, 6, 5);
      e.k.conv(x, w, e.rand(4), y, p, scratch(e, p, x, y, false));
      Tensor dx = e.rand(2, 3, 6, 5);
      Tensor dw = e.rand(4, 3, 4, 4);
      e.k.convBackward(x, w, e.rand(2, 4, 6, 5), dx, dw, null, p, scratch(e, p, x, y, false));
      return new Tensor[] {y, dx, dw};
    }));
  }

  private static ConvParams params(int[] s, int pad) {
    boolean oneD = s[11] == 1;
    return new ConvParams(oneD ? 1 : 2, s[5], s[6], oneD ? 1 : s[7], s[7], oneD ? 0 : pad, pad,
        oneD ? 1 : s[9], s[9], s[10]);
  }

  private static int[] shape(int[] s, int channels, int h, int w) {
    return s[11] == 1 ? new int[] {s[0], channels, w} : new int[] {s[0], channels, h, w};
  }

  private static Tensor scratch(KernelCase.Env e, ConvParams p, Tensor x, Tensor y,
      boolean transposed) {
    // NaN, so that reading scratch the kernel has not written shows; no draws from e's random
    float[] junk = new float[p.scratchFloats(x, y, transposed)];
    java.util.Arrays.fill(junk, Float.NaN);
    return junk.length == 0 ? null : e.of(junk, junk.length);
  }
}
