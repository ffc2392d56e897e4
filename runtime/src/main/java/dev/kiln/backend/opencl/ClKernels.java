package dev.kiln.backend.opencl;

import static dev.kiln.backend.opencl.ClKernel.*;
import static org.lwjgl.opencl.CL10.clEnqueueCopyBuffer;

import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.CompareOp;
import dev.kiln.backend.ConvParams;
import dev.kiln.backend.Kernels;
import dev.kiln.backend.LossOp;
import dev.kiln.loss.Reduction;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.lang.ref.Reference;

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
  private final int[] shape = new int[ClStrides.RANK];
  private final int[] sa = new int[ClStrides.RANK];
  private final int[] sb = new int[ClStrides.RANK];

  ClKernels(ClDevice device) {
    this.device = device;
    this.l = new ClLaunch(device);
    this.matmul = new ClMatmul(l);
    this.losses = new ClLosses(device, l);
    this.conv = new ClConv(l);
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
    l.start(BINARY_BACKWARD).i(op.ordinal()).i(which).mem(other)
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
}
