package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.ConvParams;
import dev.kiln.tensor.Tensor;

/**
 * Convolution and transposed convolution, forward and backward, on {@link ConvJob}: the
 * transposed convolution's forward is the convolution's input gradient (with its output in the
 * role of the input), and its input gradient the convolution's forward.
 */
final class ConvKernel {
  private ConvKernel() {}

  static void conv(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p, Tensor scratch) {
    ConvJob.of(p, x, y).forward(a(x), a(w), b == null ? null : a(b), a(y), scratch, true);
  }

  static void convBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
      ConvParams p, Tensor scratch) {
    ConvJob j = ConvJob.of(p, x, dy);
    if (dx != null) {
      j.backwardData(a(dx), a(w), a(dy), scratch);
    }
    if (dw != null) {
      j.backwardWeight(a(x), a(dy), a(dw), scratch);
    }
    if (db != null) {
      channelSums(a(dy), j.n, j.o, j.positions, a(db));
    }
  }

  static void convTranspose(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p,
      Tensor scratch) {
    ConvJob j = ConvJob.of(p, y, x);
    float[] out = a(y);
    for (int s = 0; s < j.n; s++) {
      for (int ch = 0; ch < j.c; ch++) {
        int at = (s * j.c + ch) * j.inPlane;
        java.util.Arrays.fill(out, at, at + j.inPlane, b == null ? 0f : a(b)[ch]);
      }
    }
    j.backwardData(out, a(w), a(x), scratch);
  }

  static void convTransposeBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
      Tensor db, ConvParams p, Tensor scratch) {
    ConvJob j = ConvJob.of(p, dy, x);
    if (dx != null) {
      j.forward(a(dy), a(w), null, a(dx), scratch, false);
    }
    if (dw != null) {
      j.backwardWeight(a(dy), a(x), a(dw), scratch);
    }
    if (db != null) {
      channelSums(a(dy), j.n, j.c, j.inPlane, a(db));
    }
  }

  /** {@code d[ch] += sum of g[s][ch][*]}, samples in order. */
  private static void channelSums(float[] g, int n, int channels, int positions, float[] d) {
    for (int s = 0; s < n; s++) {
      for (int ch = 0; ch < channels; ch++) {
        int at = (s * channels + ch) * positions;
        d[ch] += rowSum(g, at, positions);
      }
    }
  }

  /** The sum of a row, in four interleaved partial sums (independent add chains). */
  private static float rowSum(float[] g, int at, int len) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    for (; i + 4 <= len; i += 4) {
      s0 += g[at + i];
      s1 += g[at + i + 1];
      s2 += g[at + i + 2];
      s3 += g[at + i + 3];
    }
    for (; i < len; i++) {
      s0 += g[at + i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
