package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.backend.Window2d;
import dev.kiln.tensor.Tensor;

/**
 * 2-D average pooling, as {@code torch.nn.AvgPool2d}: each output is the mean of a
 * {@code kernelSize} window moved by {@code stride} (default: the kernel size) over the input
 * zero-padded by {@code padding}; with {@code countIncludePad} (default true) the padded zeros
 * count in the divisor. Input {@code (N, C, H, W)} or {@code (C, H, W)}, output
 * {@code (N, C, H', W')} with {@code H' = floor((H + 2 padding - kernelSize) / stride) + 1}
 * (ceil with {@code ceilMode(true)}, the last window starting inside the input or its left
 * padding). No parameters. {@code new AvgPool2d(2)} halves H and W.
 */
@ShapeContract(args = {"kernelSize[2]", "stride[2]=kernelSize", "padding[2]=0"},
    when = "ceilMode=true", input = "*, C, H, W",
    output = "*, C, (H + padding0 - 1 - (padding0 + stride0 - kernelSize0)"
        + "*((padding0 + stride0 - kernelSize0)/((padding0 + stride0 - kernelSize0)"
        + "*(padding0 + stride0 - kernelSize0) + 1)))/stride0 + 1, "
        + "(W + padding1 - 1 - (padding1 + stride1 - kernelSize1)"
        + "*((padding1 + stride1 - kernelSize1)/((padding1 + stride1 - kernelSize1)"
        + "*(padding1 + stride1 - kernelSize1) + 1)))/stride1 + 1",
    requires = {"padding0 <= kernelSize0/2: pad should be at most half of kernel size",
        "padding1 <= kernelSize1/2: pad should be at most half of kernel size"})
@ShapeContract(args = {"kernelSize[2]", "stride[2]=kernelSize", "padding[2]=0"},
    input = "*, C, H, W",
    output = "*, C, (H + 2*padding0 - kernelSize0)/stride0 + 1, "
        + "(W + 2*padding1 - kernelSize1)/stride1 + 1",
    requires = {"padding0 <= kernelSize0/2: pad should be at most half of kernel size",
        "padding1 <= kernelSize1/2: pad should be at most half of kernel size"})
public final class AvgPool2d extends UnaryModule {
  private final int[] kernelSize;
  private final boolean kernelTuple;
  private int[] stride;
  private boolean strideTuple;
  private int[] padding = {0, 0};
  private boolean paddingTuple;
  private boolean ceilMode;
  private boolean countIncludePad = true;
  private Window2d window;

  public AvgPool2d(int kernelSize) {
    this(Sizes2d.both(kernelSize), false);
  }

  /** A {@code (kh, kw)} kernel. */
  public AvgPool2d(int[] kernelSize) {
    this(Sizes2d.pair("kernel_size", kernelSize), true);
  }

  public AvgPool2d(int kernelSize, int stride) {
    this(kernelSize);
    stride(stride);
  }

  public AvgPool2d(int kernelSize, int stride, int padding) {
    this(kernelSize, stride);
    padding(padding);
  }

  public AvgPool2d(int kernelSize, int stride, int padding, boolean ceilMode) {
    this(kernelSize, stride, padding);
    ceilMode(ceilMode);
  }

  public AvgPool2d(int kernelSize, int stride, int padding, boolean ceilMode,
      boolean countIncludePad) {
    this(kernelSize, stride, padding, ceilMode);
    countIncludePad(countIncludePad);
  }

  private AvgPool2d(int[] kernelSize, boolean tuple) {
    this.kernelSize = Sizes2d.atLeast("kernel_size", kernelSize, 1);
    this.kernelTuple = tuple;
    this.stride = kernelSize;
    this.strideTuple = tuple;
    update();
  }

  /** The stride on both axes (default: the kernel size). */
  public AvgPool2d stride(int s) {
    return stride(Sizes2d.both(s), false);
  }

  public AvgPool2d stride(int sh, int sw) {
    return stride(new int[] {sh, sw}, true);
  }

  private AvgPool2d stride(int[] s, boolean tuple) {
    stride = Sizes2d.atLeast("stride", s, 1);
    strideTuple = tuple;
    return update();
  }

  /** Implicit zero padding on both sides, at most half the kernel. */
  public AvgPool2d padding(int p) {
    return padding(Sizes2d.both(p), false);
  }

  public AvgPool2d padding(int ph, int pw) {
    return padding(new int[] {ph, pw}, true);
  }

  private AvgPool2d padding(int[] p, boolean tuple) {
    Sizes2d.atLeast("padding", p, 0);
    Sizes2d.requireHalfKernel(p, kernelSize);
    padding = p;
    paddingTuple = tuple;
    return update();
  }

  /** Ceil instead of floor in the output size. */
  public AvgPool2d ceilMode(boolean ceil) {
    this.ceilMode = ceil;
    return this;
  }

  /** Whether padded zeros count in the divisor (default true). */
  public AvgPool2d countIncludePad(boolean include) {
    this.countIncludePad = include;
    return this;
  }

  private AvgPool2d update() {
    window = new Window2d(kernelSize[0], kernelSize[1], stride[0], stride[1], padding[0],
        padding[1]);
    return this;
  }

  @Override
  public int[] outputShape(int[] in) {
    Sizes2d.requireRank34(this, in);
    int[] out = in.clone();
    for (int i = 0; i < 2; i++) {
      out[in.length - 2 + i] = Sizes2d.poolOut(in[in.length - 2 + i], kernelSize[i], stride[i],
          padding[i], 1, ceilMode);
    }
    Sizes2d.requirePositive(this, in, out);
    return out;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().avgPool2d(x, window, countIncludePad, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      x.device().kernels().avgPool2dBackward(dy, window, countIncludePad, dx);
    }
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + Sizes2d.repr(kernelSize, kernelTuple) + ", stride="
        + Sizes2d.repr(stride, strideTuple) + ", padding=" + Sizes2d.repr(padding, paddingTuple);
  }
}
