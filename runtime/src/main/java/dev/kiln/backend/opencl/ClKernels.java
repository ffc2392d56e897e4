package dev.kiln.backend.opencl;

import static dev.kiln.backend.opencl.ClKernel.*;
import static org.lwjgl.opencl.CL10.clEnqueueCopyBuffer;

import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.CompareOp;
import dev.kiln.backend.Kernels;
import dev.kiln.backend.LossOp;
import dev.kiln.loss.Reduction;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.lang.ref.Reference;
import dev.kiln.backend.Window2d;
import dev.kiln.backend.ConvParams;
import dev.kiln.backend.RnnSpec;

/**
 * The OpenCL kernels of one device, checked against the CPU reference by the contract tests.
 * Elementwise ops, activations, reductions and optimizer steps are launched here; products and
 * losses by {@link ClMatmul} and {@link ClLosses}. Launches are serialised on this object.
 */
final class ClKernels implements Kernels {
  private final ClDevice device;
  private final ClLaunch l;
  private final ClMatmul matmul;
  private final ClLosses losses;
  private final ClConv conv;
  private final ClRnn rnn;
  private final int[] shape = new int[ClStrides.RANK];
  private final int[] sa = new int[ClStrides.RANK];
  private final int[] sb = new int[ClStrides.RANK];

  ClKernels(ClDevice device) {
    this.device = device;
    this.l = new ClLaunch(device);
    this.matmul = new ClMatmul(l);
    this.losses = new ClLosses(device, l);
    this.conv = new ClConv(l);
    this.rnn = new ClRnn(l, matmul);
  }

  @Override
  public synchronized void fill(Tensor dst, float value) {
    l.start(FILL).mem(dst).f(value).i(dst.numel()).items(dst.numel());
  }

  @Override
  public synchronized void copy(Tensor src, Tensor dst) {
    if (src.numel() != dst.numel()) {
      throw new IllegalArgumentException("copy of " + src.numel() + " elements into "
          + dst.numel());
    }
    ClBuffer from = device.buffer(src);
    ClBuffer to = device.buffer(dst);
    if (from.mem() != to.mem() && src.numel() > 0) {
      ClErrors.check(clEnqueueCopyBuffer(device.queue(), from.mem(), to.mem(), 0, 0,
          (long) src.numel() * Float.BYTES, null, null), "clEnqueueCopyBuffer");
    }
    // Neither cl_mem may be released by a cleaner before the queue has retained it.
    Reference.reachabilityFence(from);
    Reference.reachabilityFence(to);
  }

  @Override
  public synchronized void accumulate(Tensor src, Tensor dst) {
    l.start(ACCUMULATE).mem(src).mem(dst).i(dst.numel()).items(dst.numel());
  }

  @Override
  public synchronized void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer,
      boolean initBuffer, double lr, double momentum, double dampening, double weightDecay,
      boolean nesterov, boolean maximize) {
    int flags = (maximize ? 1 : 0) | (weightDecay != 0 ? 2 : 0) | (momentum != 0 ? 4 : 0)
        | (initBuffer ? 8 : 0) | (nesterov ? 16 : 0);
    l.start(SGD_STEP).mem(param).mem(grad).mem(momentum != 0 ? momentumBuffer : null).i(flags)
        .f((float) weightDecay).f((float) momentum).f((float) (1 - dampening)).f((float) -lr)
        .i(param.numel()).items(param.numel());
  }

  @Override
  public synchronized void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
      Tensor maxExpAvgSq, long step, double lr, double beta1, double beta2, double eps,
      double weightDecay, boolean decoupledWeightDecay, boolean maximize) {
    int flags = (maximize ? 1 : 0) | (decoupledWeightDecay ? 2 : 0) | (weightDecay != 0 ? 4 : 0)
        | (maxExpAvgSq != null ? 8 : 0);
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    l.start(ADAM_STEP).mem(param).mem(grad).mem(expAvg).mem(expAvgSq).mem(maxExpAvgSq).i(flags)
        .f((float) weightDecay).f((float) (1 - lr * weightDecay)).f((float) beta1)
        .f((float) beta2).f((float) (1 - beta1)).f((float) (1 - beta2))
        .f((float) -(lr / biasCorrection1)).f((float) Math.sqrt(biasCorrection2)).f((float) eps)
        .i(param.numel()).items(param.numel());
  }

  @Override
  public synchronized void relu(Tensor x, Tensor y) {
    unary(RELU, x, y);
  }

  @Override
  public synchronized void reluBackward(Tensor x, Tensor dy, Tensor dx) {
    unaryBackward(RELU_BACKWARD, x, dy, dx);
  }

  @Override
  public synchronized void tanh(Tensor x, Tensor y) {
    unary(TANH_FORWARD, x, y);
  }

  @Override
  public synchronized void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
    unaryBackward(TANH_BACKWARD, y, dy, dx);
  }

  @Override
  public synchronized void sigmoid(Tensor x, Tensor y) {
    unary(SIGMOID_FORWARD, x, y);
  }

  @Override
  public synchronized void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
    unaryBackward(SIGMOID_BACKWARD, y, dy, dx);
  }

  private void unary(ClKernel k, Tensor x, Tensor y) {
    l.start(k).mem(x).mem(y).i(y.numel()).items(y.numel());
  }

  private void unaryBackward(ClKernel k, Tensor v, Tensor dy, Tensor dx) {
    if (dx != null) {
      l.start(k).mem(v).mem(dy).mem(dx).i(dx.numel()).items(dx.numel());
    }
  }

  @Override
  public synchronized void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    if (a.sameShape(out) && b.sameShape(out)) {
      l.start(BINARY_SAME).i(op.ordinal()).mem(a).mem(b).mem(out).i(out.numel())
          .items(out.numel());
      return;
    }
    l.start(BINARY).i(op.ordinal()).mem(a).int8(ClStrides.strides(a, sa)).mem(b)
        .int8(ClStrides.strides(b, sb)).mem(out).int8(ClStrides.shape(out, shape))
        .i(out.numel()).items(out.numel());
  }

  @Override
  public synchronized void binaryBackward(BinaryOp op, int which, Tensor a, Tensor b,
      Tensor dOut, Tensor dx) {
    if (dx == null) {
      return;
    }
    Tensor other = which == 0 ? b : a;
    l.start(BINARY_BACKWARD).i(op.ordinal()).i(which).mem(other).mem(which == 0 ? a : b)
        .int8(ClStrides.strides(other, sa)).int8(ClStrides.strides(which == 0 ? a : b, sb))
        .mem(dOut).int8(ClStrides.shape(dOut, shape)).mem(dx).i(dx.numel()).items(dx.numel());
  }

  @Override
  public synchronized void compare(CompareOp op, Tensor a, Tensor b, Tensor out) {
    l.start(COMPARE).i(op.ordinal()).mem(a).int8(ClStrides.strides(a, sa)).mem(b)
        .int8(ClStrides.strides(b, sb)).mem(out).int8(ClStrides.shape(out, shape))
        .i(out.numel()).items(out.numel());
  }

  @Override
  public synchronized void matmul(Tensor a, Tensor b, Tensor out) {
    matmul.forward(a, b, out);
  }

  @Override
  public synchronized void matmulBackward(Tensor a, Tensor b, Tensor dOut, Tensor da,
      Tensor db) {
    matmul.backward(a, b, dOut, da, db);
  }

  @Override
  public synchronized void linear(Tensor x, Tensor w, Tensor b, Tensor y) {
    matmul.linear(x, w, b, y);
  }

  @Override
  public synchronized void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
      Tensor db) {
    matmul.linearBackward(x, w, dy, dx, dw, db);
  }

  @Override
  public synchronized void sum(Tensor x, Tensor out) {
    l.start(SUM_ALL).mem(x).i(x.numel()).mem(out).group();
  }

  @Override
  public synchronized void sumBackward(Tensor dOut, float scale, Tensor dx) {
    l.start(SUM_BACKWARD).mem(dOut).f(scale).mem(dx).i(dx.numel()).items(dx.numel());
  }

  @Override
  public synchronized void sumDim(Tensor x, int dim, Tensor out) {
    l.start(SUM_DIM).mem(x).i(Shapes.extent(x, dim)).i(Shapes.inner(x, dim)).mem(out).i(out.numel())
        .items(out.numel());
  }

  @Override
  public synchronized void sumDimBackward(Tensor dOut, int dim, float scale, Tensor dx) {
    l.start(SUM_DIM_BACKWARD).mem(dOut).i(Shapes.extent(dx, dim)).i(Shapes.inner(dx, dim)).f(scale).mem(dx)
        .i(dx.numel()).items(dx.numel());
  }

  @Override
  public synchronized void argmax(Tensor x, int dim, Tensor out) {
    l.start(ARGMAX_DIM).mem(x).i(Shapes.extent(x, dim)).i(Shapes.inner(x, dim)).mem(out).i(out.numel())
        .items(out.numel());
  }

  @Override
  public synchronized void pointwiseLoss(LossOp op, float p, Tensor x, Tensor y, Tensor weight,
      Tensor posWeight, Reduction reduction, Tensor out) {
    losses.pointwise(op, p, x, y, weight, posWeight, reduction, out);
  }

  @Override
  public synchronized void pointwiseLossBackward(LossOp op, float p, Tensor x, Tensor y,
      Tensor weight, Tensor posWeight, Reduction reduction, Tensor dOut, Tensor dx) {
    losses.pointwiseBackward(op, p, x, y, weight, posWeight, reduction, dOut, dx);
  }

  @Override
  public synchronized void classLoss(Tensor x, Tensor target, Tensor weight, int ignoreIndex,
      float labelSmoothing, boolean logSoftmax, Reduction reduction, Tensor out) {
    losses.classLoss(x, target, weight, ignoreIndex, labelSmoothing, logSoftmax, reduction, out);
  }

  @Override
  public synchronized void classLossBackward(Tensor x, Tensor target, Tensor weight,
      int ignoreIndex, float labelSmoothing, boolean logSoftmax, Reduction reduction,
      Tensor dOut, Tensor dx) {
    losses.classLossBackward(x, target, weight, ignoreIndex, labelSmoothing, logSoftmax,
        reduction, dOut, dx);
  }

  @Override
  public synchronized int invalidClassIndex(Tensor target, int classes, int ignoreIndex) {
    return losses.invalidClassIndex(target, classes, ignoreIndex);
  }

  // --- activations (issue 16) ---

  @Override
  public synchronized void leakyRelu(Tensor x, float negativeSlope, Tensor y) {
    l.start(LEAKY_RELU).mem(x).f(negativeSlope).mem(y).i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void leakyReluBackward(Tensor x, float negativeSlope, Tensor dy,
      Tensor dx) {
    if (dx != null) {
      l.start(LEAKY_RELU_BACKWARD).mem(x).f(negativeSlope).mem(dy).mem(dx).i(dx.numel())
          .items(dx.numel());
    }
  }

  @Override
  public synchronized void elu(Tensor x, float alpha, Tensor y) {
    l.start(ELU_FORWARD).mem(x).f(alpha).mem(y).i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void eluBackward(Tensor x, float alpha, Tensor dy, Tensor dx) {
    if (dx != null) {
      l.start(ELU_BACKWARD).mem(x).f(alpha).mem(dy).mem(dx).i(dx.numel()).items(dx.numel());
    }
  }

  @Override
  public synchronized void gelu(Tensor x, boolean tanh, Tensor y) {
    l.start(GELU_FORWARD).mem(x).i(tanh ? 1 : 0).mem(y).i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void geluBackward(Tensor x, boolean tanh, Tensor dy, Tensor dx) {
    if (dx != null) {
      l.start(GELU_BACKWARD).mem(x).i(tanh ? 1 : 0).mem(dy).mem(dx).i(dx.numel())
          .items(dx.numel());
    }
  }

  @Override
  public synchronized void silu(Tensor x, Tensor y) {
    unary(SILU_FORWARD, x, y);
  }

  @Override
  public synchronized void siluBackward(Tensor x, Tensor dy, Tensor dx) {
    unaryBackward(SILU_BACKWARD, x, dy, dx);
  }

  @Override
  public synchronized void prelu(Tensor x, Tensor weight, Tensor y) {
    int c = weight.numel();
    l.start(PRELU_FORWARD).mem(x).mem(weight).i(c).i(preluInner(x, c)).mem(y).i(y.numel())
        .items(y.numel());
  }

  @Override
  public synchronized void preluBackward(Tensor x, Tensor weight, Tensor dy, Tensor dx,
      Tensor dWeight) {
    int c = weight.numel();
    int inner = preluInner(x, c);
    if (dx != null) {
      l.start(PRELU_BACKWARD).mem(x).mem(weight).i(c).i(inner).mem(dy).mem(dx).i(dx.numel())
          .items(dx.numel());
    }
    if (dWeight != null) {
      l.start(PRELU_WEIGHT_BACKWARD).mem(x).mem(dy).i(c).i(inner).i(x.numel() / inner)
          .mem(dWeight).items(c);
    }
  }

  /** PReLU's block: every element for one weight, else the sizes after dimension 1 (>= 1). */
  private static int preluInner(Tensor x, int c) {
    if (c == 1) {
      return Math.max(x.numel(), 1);
    }
    int inner = 1;
    for (int d = 2; d < x.dim(); d++) {
      inner *= x.size(d);
    }
    return Math.max(inner, 1);
  }

  @Override
  public synchronized void softmax(Tensor x, int dim, boolean log, Tensor y) {
    int lanes = x.numel() / Math.max(Shapes.extent(x, dim), 1);
    l.start(SOFTMAX_FORWARD).mem(x).i(Shapes.extent(x, dim)).i(Math.max(Shapes.inner(x, dim), 1))
        .i(log ? 1 : 0).mem(y).i(lanes).items(lanes);
  }

  @Override
  public synchronized void softmaxBackward(Tensor y, int dim, boolean log, Tensor dy,
      Tensor dx) {
    if (dx != null) {
      int lanes = y.numel() / Math.max(Shapes.extent(y, dim), 1);
      l.start(SOFTMAX_BACKWARD).mem(y).i(Shapes.extent(y, dim))
          .i(Math.max(Shapes.inner(y, dim), 1)).i(log ? 1 : 0).mem(dy).mem(dx).i(lanes)
          .items(lanes);
    }
  }

  // --- pooling ---

  private final int[] dims = new int[ClStrides.RANK];
  private final int[] win = new int[ClStrides.RANK];

  /** (H, W, OH, OW, a, b) of input-shaped {@code in} and output-shaped {@code out}. */
  private int[] dims(Tensor in, Tensor out, int a, int b) {
    dims[0] = in.size(-2);
    dims[1] = in.size(-1);
    dims[2] = out.size(-2);
    dims[3] = out.size(-1);
    dims[4] = a;
    dims[5] = b;
    return dims;
  }

  private int[] win(Window2d w) {
    win[0] = w.kernelH();
    win[1] = w.kernelW();
    win[2] = w.strideH();
    win[3] = w.strideW();
    win[4] = w.padH();
    win[5] = w.padW();
    win[6] = w.dilationH();
    win[7] = w.dilationW();
    return win;
  }

  @Override
  public synchronized void maxPool2d(Tensor x, Window2d w, Tensor y, Tensor indices) {
    l.start(MAX_POOL2D).mem(x).mem(indices).mem(y).int8(dims(x, y, 0, 0)).int8(win(w))
        .i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void maxPool2dBackward(Tensor indices, Window2d w, Tensor dy, Tensor dx) {
    if (dx != null) {
      l.start(MAX_POOL2D_BACKWARD).mem(indices).mem(dy).mem(dx).int8(dims(dx, dy, 0, 0))
          .int8(win(w)).i(dx.numel()).items(dx.numel());
    }
  }

  @Override
  public synchronized void avgPool2d(Tensor x, Window2d w, boolean countIncludePad, Tensor y) {
    l.start(AVG_POOL2D).mem(x).mem(y).int8(dims(x, y, 0, 0)).int8(win(w))
        .i(countIncludePad ? 1 : 0).i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void avgPool2dBackward(Tensor dy, Window2d w, boolean countIncludePad,
      Tensor dx) {
    if (dx != null) {
      l.start(AVG_POOL2D_BACKWARD).mem(dy).mem(dx).int8(dims(dx, dy, 0, 0)).int8(win(w))
          .i(countIncludePad ? 1 : 0).i(dx.numel()).items(dx.numel());
    }
  }

  @Override
  public synchronized void adaptiveAvgPool2d(Tensor x, Tensor y) {
    forward2d(ADAPTIVE_AVG_POOL2D, x, y, 0, 0);
  }

  @Override
  public synchronized void adaptiveAvgPool2dBackward(Tensor dy, Tensor dx) {
    backward2d(ADAPTIVE_AVG_POOL2D_BACKWARD, dy, dx, 0, 0);
  }

  @Override
  public synchronized void upsampleNearest2d(Tensor x, Tensor y) {
    forward2d(UPSAMPLE_NEAREST2D, x, y, 0, 0);
  }

  @Override
  public synchronized void upsampleNearest2dBackward(Tensor dy, Tensor dx) {
    backward2d(UPSAMPLE_NEAREST2D_BACKWARD, dy, dx, 0, 0);
  }

  @Override
  public synchronized void upsampleBilinear2d(Tensor x, boolean alignCorners, Tensor y) {
    l.start(UPSAMPLE_BILINEAR2D).mem(x).mem(y).int8(dims(x, y, 0, 0)).i(alignCorners ? 1 : 0)
        .i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void upsampleBilinear2dBackward(Tensor dy, boolean alignCorners,
      Tensor dx) {
    if (dx != null) {
      l.start(UPSAMPLE_BILINEAR2D_BACKWARD).mem(dy).mem(dx).int8(dims(dx, dy, 0, 0))
          .i(alignCorners ? 1 : 0).i(dx.numel()).items(dx.numel());
    }
  }

  @Override
  public synchronized void pixelShuffle(Tensor x, int r, Tensor y) {
    forward2d(PIXEL_SHUFFLE, x, y, r, 0);
  }

  @Override
  public synchronized void pixelShuffleBackward(Tensor dy, int r, Tensor dx) {
    backward2d(PIXEL_SHUFFLE_BACKWARD, dy, dx, r, 0);
  }

  @Override
  public synchronized void pad2d(Tensor x, int left, int top, Tensor y) {
    forward2d(PAD2D, x, y, left, top);
  }

  @Override
  public synchronized void pad2dBackward(Tensor dy, int left, int top, Tensor dx) {
    backward2d(PAD2D_BACKWARD, dy, dx, left, top);
  }

  private void forward2d(ClKernel k, Tensor x, Tensor y, int a, int b) {
    l.start(k).mem(x).mem(y).int8(dims(x, y, a, b)).i(y.numel()).items(y.numel());
  }

  private void backward2d(ClKernel k, Tensor dy, Tensor dx, int a, int b) {
    if (dx != null) {
      l.start(k).mem(dy).mem(dx).int8(dims(dx, dy, a, b)).i(dx.numel()).items(dx.numel());
    }
  }

  // --- normalization and dropout ---

  private static int inner(Tensor x) {
    int nc = x.size(0) * x.size(1);
    return nc == 0 ? 0 : x.numel() / nc;
  }

  @Override
  public synchronized void batchNormStats(Tensor x, Tensor mean, Tensor var) {
    int c = x.size(1);
    if (c > 0) {
      l.start(BN_STATS).mem(x).i(x.size(0)).i(c).i(inner(x)).mem(mean).mem(var)
          .grid(ClLaunch.REDUCE_ITEMS, c, ClLaunch.REDUCE_ITEMS, 1);
    }
  }

  @Override
  public synchronized void batchNormUpdateStats(Tensor mean, Tensor var, int count,
      float momentum, Tensor runningMean, Tensor runningVar, Tensor numBatchesTracked) {
    l.start(BN_UPDATE).mem(mean).mem(var).i(mean.numel()).i(count).f(momentum).mem(runningMean)
        .mem(runningVar).mem(numBatchesTracked).i(numBatchesTracked != null ? 1 : 0).items(1);
  }

  @Override
  public synchronized void batchNorm(Tensor x, Tensor mean, Tensor var, float eps, Tensor weight,
      Tensor bias, Tensor y) {
    l.start(BN_FORWARD).mem(x).mem(mean).mem(var).f(eps).mem(weight).mem(bias)
        .i(weight != null ? 1 : 0).i(bias != null ? 1 : 0).mem(y).i(x.size(1)).i(inner(x))
        .i(x.numel()).items(x.numel());
  }

  @Override
  public synchronized void batchNormBackward(Tensor x, Tensor dy, Tensor mean, Tensor var,
      float eps, Tensor weight, boolean batchStats, Tensor dx, Tensor dweight, Tensor dbias) {
    int c = x.size(1);
    if (c > 0) {
      l.start(BN_BACKWARD).mem(x).mem(dy).mem(mean).mem(var).f(eps).mem(weight)
          .i(weight != null ? 1 : 0).i(batchStats ? 1 : 0).i(x.size(0)).i(c).i(inner(x)).mem(dx)
          .mem(dweight).mem(dbias).i(dx != null ? 1 : 0).i(dweight != null ? 1 : 0)
          .i(dbias != null ? 1 : 0).grid(ClLaunch.REDUCE_ITEMS, c, ClLaunch.REDUCE_ITEMS, 1);
    }
  }

  @Override
  public synchronized void groupNorm(Tensor x, int groups, float eps, Tensor weight, Tensor bias,
      Tensor y, Tensor mean, Tensor invstd) {
    int count = x.size(0) * groups;
    if (count > 0) {
      l.start(GN_FORWARD).mem(x).i(groups).i(x.size(1)).i(inner(x)).f(eps).mem(weight).mem(bias)
          .i(weight != null ? 1 : 0).i(bias != null ? 1 : 0).mem(y).mem(mean).mem(invstd)
          .grid(ClLaunch.REDUCE_ITEMS, count, ClLaunch.REDUCE_ITEMS, 1);
    }
  }

  @Override
  public synchronized void groupNormBackward(Tensor x, Tensor dy, int groups, Tensor mean,
      Tensor invstd, Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    int c = x.size(1);
    int count = x.size(0) * groups;
    if (dx != null && count > 0) {
      l.start(GN_BACKWARD_DX).mem(x).mem(dy).i(groups).i(c).i(inner(x)).mem(mean).mem(invstd)
          .mem(weight).i(weight != null ? 1 : 0).mem(dx)
          .grid(ClLaunch.REDUCE_ITEMS, count, ClLaunch.REDUCE_ITEMS, 1);
    }
    if (dweight != null || dbias != null) {
      l.start(GN_BACKWARD_PARAMS).mem(x).mem(dy).i(x.size(0)).i(groups).i(c).i(inner(x))
          .mem(mean).mem(invstd).mem(dweight).mem(dbias).i(dweight != null ? 1 : 0)
          .i(dbias != null ? 1 : 0).items(c);
    }
  }

  @Override
  public synchronized void dropoutMask(Tensor mask, long seed, float p, float scale) {
    l.start(DROPOUT_MASK).mem(mask).i((int) seed).i((int) (seed >>> 32)).f(p).f(scale)
        .i(mask.numel()).items(mask.numel());
  }

  @Override
  public synchronized void dropout(Tensor x, Tensor mask, Tensor y) {
    int k = mask.numel() == 0 ? 1 : x.numel() / mask.numel();
    l.start(DROPOUT_APPLY).mem(x).mem(mask).i(k).mem(y).i(x.numel()).items(x.numel());
  }

  @Override
  public synchronized void dropoutBackward(Tensor dy, Tensor mask, Tensor dx) {
    int k = mask.numel() == 0 ? 1 : dx.numel() / mask.numel();
    l.start(DROPOUT_BACKWARD).mem(dy).mem(mask).i(k).mem(dx).i(dx.numel()).items(dx.numel());
  }

  // --- convolution ---

  @Override
  public synchronized void conv(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p,
      Tensor scratch) {
    conv.conv(x, w, b, y, p);
  }

  @Override
  public synchronized void convBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
      Tensor db, ConvParams p, Tensor scratch) {
    conv.convBackward(x, w, dy, dx, dw, db, p);
  }

  @Override
  public synchronized void convTranspose(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p,
      Tensor scratch) {
    conv.convTranspose(x, w, b, y, p);
  }

  @Override
  public synchronized void convTransposeBackward(Tensor x, Tensor w, Tensor dy, Tensor dx,
      Tensor dw, Tensor db, ConvParams p, Tensor scratch) {
    conv.convTransposeBackward(x, w, dy, dx, dw, db, p);
  }

  // --- tensor ops (issue 17) ---

  @Override
  public synchronized void permute(Tensor x, int[] perm, Tensor y) {
    l.start(PERMUTE).mem(x).int8(permutedStrides(x, perm)).mem(y).int8(ClStrides.shape(y, shape))
        .i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void permuteBackward(Tensor dy, int[] perm, Tensor dx) {
    if (dx != null) {
      l.start(PERMUTE_BACKWARD).mem(dy).int8(permutedStrides(dx, perm))
          .int8(ClStrides.shape(dy, shape)).mem(dx).i(dy.numel()).items(dy.numel());
    }
  }

  /** Per dimension of {@code x.permute(perm)}, padded as an int8, {@code x}'s stride along it. */
  private int[] permutedStrides(Tensor x, int[] perm) {
    int r = x.dim();
    if (r > ClStrides.RANK) {
      throw new IllegalArgumentException("OpenCL kernels take tensors of up to " + ClStrides.RANK
          + " dimensions, got " + r);
    }
    java.util.Arrays.fill(sb, 0);
    int stride = 1;
    for (int d = r - 1; d >= 0; d--) {
      sa[d] = stride;
      stride *= x.size(d);
    }
    for (int j = 0; j < r; j++) {
      sb[ClStrides.RANK - r + j] = sa[perm[j]];
    }
    return sb;
  }

  @Override
  public synchronized void sliceCopy(Tensor src, int srcStart, Tensor dst, int dstStart, int dim,
      int length, boolean accumulate) {
    int outer = 1;
    for (int d = 0; d < dim; d++) {
      outer *= src.size(d);
    }
    int inner = 1;
    for (int d = dim + 1; d < src.dim(); d++) {
      inner *= src.size(d);
    }
    int n = outer * length * inner;
    if (n == 0) {
      return;
    }
    l.start(SLICE_COPY).mem(src).i(src.dim() == 0 ? 1 : src.size(dim)).i(srcStart).mem(dst)
        .i(dst.numel() / (outer * inner)).i(dstStart).i(length).i(inner).i(accumulate ? 1 : 0)
        .i(n).items(n);
  }

  @Override
  public synchronized void maskedFill(Tensor x, Tensor mask, float value, Tensor y) {
    l.start(MASKED_FILL).mem(x).mem(mask).int8(ClStrides.strides(mask, sa))
        .int8(ClStrides.shape(x, shape)).f(value).mem(y).i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void maskedFillBackward(Tensor mask, Tensor dy, Tensor dx) {
    if (dx != null) {
      l.start(MASKED_FILL_BACKWARD).mem(mask).int8(ClStrides.strides(mask, sa))
          .int8(ClStrides.shape(dx, shape)).mem(dy).mem(dx).i(dx.numel()).items(dx.numel());
    }
  }

  @Override
  public synchronized void scale(Tensor x, float a, float b, Tensor y) {
    l.start(SCALE).mem(x).f(a).f(b).mem(y).i(y.numel()).items(y.numel());
  }

  @Override
  public synchronized void scaleBackward(Tensor dy, float a, Tensor dx) {
    if (dx != null) {
      l.start(SCALE_BACKWARD).mem(dy).f(a).mem(dx).i(dx.numel()).items(dx.numel());
    }
  }

  // --- sequence: embedding and row normalization (issue 17) ---

  private void rowNorm(Tensor x, int d, float eps, boolean centered, Tensor weight, Tensor bias,
      Tensor y, Tensor mean, Tensor rstd) {
    int rows = d == 0 ? 0 : x.numel() / d;
    if (rows > 0) {
      l.start(ClKernel.ROW_NORM_FORWARD).mem(x).i(d).f(eps).i(centered ? 1 : 0).mem(weight)
          .mem(bias).i(weight != null ? 1 : 0).i(bias != null ? 1 : 0).mem(y).mem(mean).mem(rstd)
          .grid(ClLaunch.REDUCE_ITEMS, rows, ClLaunch.REDUCE_ITEMS, 1);
    }
  }

  private void rowNormBackward(Tensor x, Tensor dy, int d, boolean centered, Tensor mean,
      Tensor rstd, Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    int rows = d == 0 ? 0 : x.numel() / d;
    if (dx != null && rows > 0) {
      l.start(ClKernel.ROW_NORM_BACKWARD_DX).mem(x).mem(dy).i(d).i(centered ? 1 : 0).mem(mean)
          .mem(rstd).mem(weight).i(weight != null ? 1 : 0).mem(dx)
          .grid(ClLaunch.REDUCE_ITEMS, rows, ClLaunch.REDUCE_ITEMS, 1);
    }
    if ((dweight != null || dbias != null) && d > 0) {
      l.start(ClKernel.ROW_NORM_BACKWARD_PARAMS).mem(x).mem(dy).i(rows).i(d)
          .i(centered ? 1 : 0).mem(mean).mem(rstd).mem(dweight).mem(dbias)
          .i(dweight != null ? 1 : 0).i(dbias != null ? 1 : 0).items(d);
    }
  }

  @Override
  public synchronized void layerNorm(Tensor x, int d, float eps, Tensor weight, Tensor bias,
      Tensor y, Tensor mean, Tensor rstd) {
    rowNorm(x, d, eps, true, weight, bias, y, mean, rstd);
  }

  @Override
  public synchronized void layerNormBackward(Tensor x, Tensor dy, int d, Tensor mean,
      Tensor rstd, Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    rowNormBackward(x, dy, d, true, mean, rstd, weight, dx, dweight, dbias);
  }

  @Override
  public synchronized void rmsNorm(Tensor x, int d, float eps, Tensor weight, Tensor y,
      Tensor rstd) {
    rowNorm(x, d, eps, false, weight, null, y, null, rstd);
  }

  @Override
  public synchronized void rmsNormBackward(Tensor x, Tensor dy, int d, Tensor rstd,
      Tensor weight, Tensor dx, Tensor dweight) {
    rowNormBackward(x, dy, d, false, null, rstd, weight, dx, dweight, null);
  }

  @Override
  public synchronized void embedding(Tensor indices, Tensor weight, Tensor y) {
    int total = y.numel();
    if (total > 0) {
      l.start(ClKernel.EMBEDDING_FORWARD).mem(indices).mem(weight).i(weight.size(1)).mem(y)
          .i(total).items(total);
    }
  }

  @Override
  public synchronized void embeddingBackward(Tensor indices, Tensor dy, int paddingIdx,
      Tensor dweight) {
    int d = dweight.size(1);
    if (d > 0 && indices.numel() > 0) {
      l.start(ClKernel.EMBEDDING_BACKWARD).mem(indices).mem(dy).i(indices.numel()).i(d)
          .i(paddingIdx).mem(dweight).items(d);
    }
  }

  @Override
  public synchronized void addPositional(Tensor x, Tensor table, int seqLen, int inner,
      Tensor y) {
    int total = x.numel();
    if (total > 0) {
      l.start(ClKernel.ADD_POSITIONAL).mem(x).mem(table).i(seqLen).i(inner).i(x.size(-1)).mem(y)
          .i(total).items(total);
    }
  }

  // --- recurrent ---

  @Override
  public synchronized void rnnLayer(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh,
      Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN,
      Tensor state) {
    rnn.forward(s, layer, dir, x, wIh, wHh, bIh, bHh, h0, c0, y, hN, cN, state);
  }

  @Override
  public synchronized void rnnLayerBackward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh,
      Tensor wHh, Tensor state, Tensor dy, Tensor dhN, Tensor dcN, Tensor dx, Tensor dh0,
      Tensor dc0, Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor scratch) {
    rnn.backward(s, layer, dir, x, wIh, wHh, state, dy, dhN, dcN, dx, dh0, dc0, dwIh, dwHh, dbIh,
        dbHh, scratch);
  }

  // --- attention (issue 17) ---

  @Override
  public synchronized void attentionScores(Tensor q, Tensor k, Tensor mask, Tensor keyMask,
      boolean causal, float scale, Tensor probs) {
    int lq = probs.size(probs.dim() - 2);
    int s = probs.size(probs.dim() - 1);
    int g = lq * s == 0 ? 0 : probs.numel() / (lq * s);
    int keyGroup = keyMask == null ? 1 : Math.max(1, g / keyMask.size(0));
    l.start(ATTENTION_SCORES).mem(q).mem(k).mem(mask)
        .i(mask != null && mask.numel() != lq * s ? 1 : 0).mem(keyMask).i(keyGroup)
        .i(causal ? 1 : 0).f(scale).mem(probs).i(g).i(lq).i(s).i(q.size(q.dim() - 1))
        .items(g * lq);
  }

  @Override
  public synchronized void attentionScoresBackward(Tensor q, Tensor k, Tensor probs,
      Tensor dProbs, float scale, Tensor dq, Tensor dk, Tensor dScores) {
    int lq = probs.size(probs.dim() - 2);
    int s = probs.size(probs.dim() - 1);
    int g = lq * s == 0 ? 0 : probs.numel() / (lq * s);
    int e = q.size(q.dim() - 1);
    l.start(ATTENTION_SCORES_GRAD).mem(probs).mem(dProbs).mem(dScores).f(scale).i(g * lq)
        .i(s).items(g * lq);
    if (dq != null) {
      l.start(ATTENTION_DQ).mem(dScores).mem(k).mem(dq).i(g).i(lq).i(s).i(e)
          .items(g * lq * e);
    }
    if (dk != null) {
      l.start(ATTENTION_DK).mem(dScores).mem(q).mem(dk).i(g).i(lq).i(s).i(e)
          .items(g * s * e);
    }
  }

  @Override
  public synchronized void attentionValues(Tensor probs, Tensor v, Tensor out) {
    int lq = probs.size(probs.dim() - 2);
    int s = probs.size(probs.dim() - 1);
    int g = lq * s == 0 ? 0 : probs.numel() / (lq * s);
    int ev = v.size(v.dim() - 1);
    l.start(ATTENTION_VALUES).mem(probs).mem(v).mem(out).i(g).i(lq).i(s).i(ev)
        .items(g * lq * ev);
  }

  @Override
  public synchronized void attentionValuesBackward(Tensor probs, Tensor v, Tensor dOut,
      Tensor dProbs, Tensor dv) {
    int lq = probs.size(probs.dim() - 2);
    int s = probs.size(probs.dim() - 1);
    int g = lq * s == 0 ? 0 : probs.numel() / (lq * s);
    int ev = v.size(v.dim() - 1);
    if (dProbs != null) {
      l.start(ATTENTION_VALUES_DPROBS).mem(dOut).mem(v).mem(dProbs).i(g).i(lq).i(s).i(ev)
          .items(g * lq * s);
    }
    if (dv != null) {
      l.start(ATTENTION_VALUES_DV).mem(probs).mem(dOut).mem(dv).i(g).i(lq).i(s).i(ev)
          .items(g * s * ev);
    }
  }

  @Override
  public synchronized void splitHeads(Tensor x, int col0, boolean batchFirst, Tensor out) {
    l.start(SPLIT_HEADS).mem(x).i(col0).i(batchFirst ? 1 : 0).mem(out).i(out.size(0))
        .i(out.size(1)).i(out.size(2)).i(out.size(3)).i(x.size(x.dim() - 1)).items(out.numel());
  }

  @Override
  public synchronized void splitHeadsBackward(Tensor dOut, int col0, boolean batchFirst,
      Tensor dx) {
    l.start(SPLIT_HEADS_BACKWARD).mem(dOut).i(col0).i(batchFirst ? 1 : 0).mem(dx)
        .i(dOut.size(0)).i(dOut.size(1)).i(dOut.size(2)).i(dOut.size(3))
        .i(dx.size(dx.dim() - 1)).items(dOut.numel());
  }

  @Override
  public synchronized void copyRange(Tensor src, int srcOffset, Tensor dst, int dstOffset,
      int count) {
    l.start(COPY_RANGE).mem(src).i(srcOffset).mem(dst).i(dstOffset).i(count).items(count);
  }

  @Override
  public synchronized void accumulateRange(Tensor src, int srcOffset, Tensor dst,
      int dstOffset, int count) {
    l.start(ACCUMULATE_RANGE).mem(src).i(srcOffset).mem(dst).i(dstOffset).i(count)
        .items(count);
  }
}
