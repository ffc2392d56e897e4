package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.backend.Window2d;
import dev.kiln.tensor.Tensor;

/**
 * 2-D max pooling, as {@code torch.nn.MaxPool2d}: each output is the maximum of a
 * {@code kernelSize} window moved by {@code stride} (default: the kernel size) over the input
 * padded with {@code -inf}, its taps {@code dilation} apart. Input {@code (N, C, H, W)} or
 * {@code (C, H, W)}, output {@code (N, C, H', W')} with
 * {@code H' = floor((H + 2 padding - dilation (kernelSize - 1) - 1) / stride) + 1} (ceil with
 * {@code ceilMode(true)}, the last window starting inside the input or its left padding). The
 * backward routes each gradient to its window's argmax (kept in the workspace); no parameters.
 * {@code new MaxPool2d(2)} halves H and W.
 */
@ShapeContract(args = {"kernelSize[2]", "stride[2]=kernelSize", "padding[2]=0", "dilation[2]=1"},
    when = "ceilMode=true", input = "*, C, H, W",
    output = "*, C, (H + padding0 - 1 - (padding0 + stride0 - 1 - dilation0*(kernelSize0 - 1))"
        + "*((padding0 + stride0 - 1 - dilation0*(kernelSize0 - 1))"
        + "/((padding0 + stride0 - 1 - dilation0*(kernelSize0 - 1))"
        + "*(padding0 + stride0 - 1 - dilation0*(kernelSize0 - 1)) + 1)))/stride0 + 1, "
        + "(W + padding1 - 1 - (padding1 + stride1 - 1 - dilation1*(kernelSize1 - 1))"
        + "*((padding1 + stride1 - 1 - dilation1*(kernelSize1 - 1))"
        + "/((padding1 + stride1 - 1 - dilation1*(kernelSize1 - 1))"
        + "*(padding1 + stride1 - 1 - dilation1*(kernelSize1 - 1)) + 1)))/stride1 + 1",
    requires = {"padding0 <= kernelSize0/2: pad should be at most half of kernel size",
        "padding1 <= kernelSize1/2: pad should be at most half of kernel size"})
@ShapeContract(args = {"kernelSize[2]", "stride[2]=kernelSize", "padding[2]=0", "dilation[2]=1"},
    input = "*, C, H, W",
    output = "*, C, (H + 2*padding0 - dilation0*(kernelSize0 - 1) - 1)/stride0 + 1, "
        + "(W + 2*padding1 - dilation1*(kernelSize1 - 1) - 1)/stride1 + 1",
    requires = {"padding0 <= kernelSize0/2: pad should be at most half of kernel size",
        "padding1 <= kernelSize1/2: pad should be at most half of kernel size"})
public final class MaxPool2d extends UnaryModule {
  private final int[] kernelSize;
  private final boolean kernelTuple;
  private int[] stride;
  private boolean strideTuple;
  private int[] padding = {0, 0};
  private boolean paddingTuple;
  private int[] dilation = {1, 1};
  private boolean dilationTuple;
  private boolean ceilMode;
  private Window2d window;

  public MaxPool2d(int kernelSize) {
    this(Sizes2d.both(kernelSize), false);
  }

  /** A {@code (kh, kw)} kernel. */
  public MaxPool2d(int[] kernelSize) {
    this(Sizes2d.pair("kernel_size", kernelSize), true);
  }

  public MaxPool2d(int kernelSize, int stride) {
    this(kernelSize);
    stride(stride);
  }

  public MaxPool2d(int kernelSize, int stride, int padding) {
    this(kernelSize, stride);
    padding(padding);
  }

  public MaxPool2d(int kernelSize, int stride, int padding, int dilation) {
    this(kernelSize, stride, padding);
    dilation(dilation);
  }

  private MaxPool2d(int[] kernelSize, boolean tuple) {
    this.kernelSize = Sizes2d.atLeast("kernel_size", kernelSize, 1);
    this.kernelTuple = tuple;
    this.stride = kernelSize;
    this.strideTuple = tuple;
    update();
  }

  /** The stride on both axes (default: the kernel size). */
  public MaxPool2d stride(int s) {
    return stride(Sizes2d.both(s), false);
  }

  public MaxPool2d stride(int sh, int sw) {
    return stride(new int[] {sh, sw}, true);
  }

  private MaxPool2d stride(int[] s, boolean tuple) {
    stride = Sizes2d.atLeast("stride", s, 1);
    strideTuple = tuple;
    return update();
  }

  /** Implicit {@code -inf} padding on both sides, at most half the kernel. */
  public MaxPool2d padding(int p) {
    return padding(Sizes2d.both(p), false);
  }

  public MaxPool2d padding(int ph, int pw) {
    return padding(new int[] {ph, pw}, true);
  }

  private MaxPool2d padding(int[] p, boolean tuple) {
    Sizes2d.atLeast("padding", p, 0);
    Sizes2d.requireHalfKernel(p, kernelSize);
    padding = p;
    paddingTuple = tuple;
    return update();
  }

  public MaxPool2d dilation(int d) {
    return dilation(Sizes2d.both(d), false);
  }

  public MaxPool2d dilation(int dh, int dw) {
    return dilation(new int[] {dh, dw}, true);
  }

  private MaxPool2d dilation(int[] d, boolean tuple) {
    dilation = Sizes2d.atLeast("dilation", d, 1);
    dilationTuple = tuple;
    return update();
  }

  /** Ceil instead of floor in the output size. */
  public MaxPool2d ceilMode(boolean ceil) {
    this.ceilMode = ceil;
    return this;
  }

  private MaxPool2d update() {
    window = new Window2d(kernelSize[0], kernelSize[1], stride[0], stride[1], padding[0],
        padding[1], dilation[0], dilation[1]);
    return this;
  }

  @Override
  public int[] outputShape(int[] in) {
    Sizes2d.requireRank34(this, in);
    int[] out = in.clone();
    for (int i = 0; i < 2; i++) {
      out[in.length - 2 + i] = Sizes2d.poolOut(in[in.length - 2 + i], kernelSize[i], stride[i],
          padding[i], dilation[i], ceilMode);
    }
    Sizes2d.requirePositive(this, in, out);
    return out;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    x.device().kernels().maxPool2d(x, window, y, Sizes2d.scratchLike(ws, 0, y));
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    if (dx != null) {
      x.device().kernels().maxPool2dBackward(ws.peek(0), window, dy, dx);
    }
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + Sizes2d.repr(kernelSize, kernelTuple) + ", stride="
        + Sizes2d.repr(stride, strideTuple) + ", padding=" + Sizes2d.repr(padding, paddingTuple)
        + ", dilation=" + Sizes2d.repr(dilation, dilationTuple) + ", ceil_mode="
        + (ceilMode ? "True" : "False");
  }
}
