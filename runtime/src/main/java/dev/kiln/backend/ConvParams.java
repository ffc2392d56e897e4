package dev.kiln.backend;

import dev.kiln.backend.cpu.CpuKernels;
import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.tensor.Tensor;

/**
 * The geometry of a convolution as the {@link Kernels} read it: kernel size, stride, the padding
 * before the first element of each spatial dimension (the padding after it follows from the
 * output size, so {@code padding="same"} with an even kernel pads one more at the end, as
 * PyTorch), dilation and groups. {@code spatialDims} is 1 for {@code Conv1d} (tensors {@code (*,
 * C, L)}, height 1) and 2 for {@code Conv2d} ({@code (*, C, H, W)}); leading dimensions are the
 * batch.
 */
public record ConvParams(int spatialDims, int kernelH, int kernelW, int strideH, int strideW,
    int padH, int padW, int dilationH, int dilationW, int groups) {

  /** True when the convolution reads its input as it is: a 1x1 kernel, stride 1, no padding. */
  public boolean pointwise() {
    return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0
        && padW == 0;
  }

  /**
   * The floats of the {@code scratch} tensor the kernels need for {@code x} and {@code y} (the
   * input and output of {@code conv}, or of {@code convTranspose} when {@code transposed}): on
   * the CPU, one im2col matrix ({@code C/groups * kH * kW} rows, one column per output position
   * of the underlying convolution) per thread working on its own samples; 0 elsewhere (then pass
   * null).
   */
  public int scratchFloats(Tensor x, Tensor y, boolean transposed) {
    if (!(x.device().kernels() instanceof CpuKernels) || pointwise()) {
      return 0;
    }
    Tensor in = transposed ? y : x;
    Tensor out = transposed ? x : y;
    long floats = (long) columnRows(in) * positions(out) * sampleThreads(samples(in));
    if (floats > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("im2col scratch of " + floats + " floats is too large");
    }
    return (int) floats;
  }

  /**
   * How many threads work on samples of their own for a batch of {@code n} (1: the samples run
   * in turn and each product is split between threads instead).
   */
  public static int sampleThreads(int n) {
    int threads = CpuThreads.get();
    return threads > 1 && n >= threads ? threads : 1;
  }

  /** Rows of one im2col matrix of the convolution whose input is {@code in}. */
  public int columnRows(Tensor in) {
    return channels(in) / groups * kernelH * kernelW;
  }

  /** Channels of a tensor (the dimension before the spatial ones). */
  public int channels(Tensor t) {
    return t.size(t.dim() - 1 - spatialDims);
  }

  /** Positions per channel (the product of the spatial sizes). */
  public int positions(Tensor t) {
    return height(t) * t.size(t.dim() - 1);
  }

  /** The height (1 when {@code spatialDims == 1}). */
  public int height(Tensor t) {
    return spatialDims == 2 ? t.size(t.dim() - 2) : 1;
  }

  /** The number of samples (the product of the leading dimensions; 1 when there are none). */
  public int samples(Tensor t) {
    int per = channels(t) * positions(t);
    return per == 0 ? 0 : t.numel() / per;
  }
}
