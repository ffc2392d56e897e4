package dev.kiln.backend.opencl;

import static org.lwjgl.opencl.CL10.clEnqueueReadBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueWriteBuffer;
import static org.lwjgl.system.MemoryStack.stackPush;

import dev.kiln.backend.LossOp;
import dev.kiln.loss.Reduction;
import dev.kiln.tensor.Tensor;
import java.nio.IntBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * The loss kernels' host side: elementwise and class-index losses, reduced in one work group so
 * that the summation order is fixed, and the class-index validation. A small per-device scratch
 * buffer carries the MEAN divisor and the first invalid index between launches.
 */
final class ClLosses {
  private final ClDevice device;
  private final ClLaunch l;
  private final int[] shape = new int[ClStrides.RANK];
  private final int[] sw = new int[ClStrides.RANK];
  private final int[] sq = new int[ClStrides.RANK];
  private ClBuffer scratch;

  ClLosses(ClDevice device, ClLaunch l) {
    this.device = device;
    this.l = l;
  }

  void pointwise(LossOp op, float p, Tensor x, Tensor y, Tensor weight, Tensor posWeight,
      Reduction reduction, Tensor out) {
    if (reduction == Reduction.NONE) {
      operands(ClKernel.POINTWISE_LOSS, op, p, x, y, weight, posWeight).mem(out).i(x.numel())
          .items(x.numel());
    } else {
      operands(ClKernel.POINTWISE_LOSS_REDUCE, op, p, x, y, weight, posWeight).mem(out)
          .i(x.numel()).i(reduction.ordinal()).group();
    }
  }

  void pointwiseBackward(LossOp op, float p, Tensor x, Tensor y, Tensor weight,
      Tensor posWeight, Reduction reduction, Tensor dOut, Tensor dx) {
    if (dx != null) {
      operands(ClKernel.POINTWISE_LOSS_BACKWARD, op, p, x, y, weight, posWeight).mem(dOut)
          .mem(dx).i(x.numel()).i(reduction.ordinal()).items(x.numel());
    }
  }

  private ClLaunch operands(ClKernel k, LossOp op, float p, Tensor x, Tensor y, Tensor weight,
      Tensor posWeight) {
    return l.start(k).i(op.ordinal()).f(p).mem(x).mem(y).mem(weight)
        .int8(weight == null ? zero(sw) : ClStrides.strides(weight, sw)).mem(posWeight)
        .int8(posWeight == null ? zero(sq) : ClStrides.strides(posWeight, sq))
        .int8(ClStrides.shape(x, shape));
  }

  private static int[] zero(int[] a) {
    java.util.Arrays.fill(a, 0);
    return a;
  }

  void classLoss(Tensor x, Tensor target, Tensor weight, int ignoreIndex, float smoothing,
      boolean logSoftmax, Reduction reduction, Tensor out) {
    int count = target.numel();
    ClLaunch launch = classOperands(reduction == Reduction.NONE ? ClKernel.CLASS_LOSS
        : ClKernel.CLASS_LOSS_REDUCE, x, target, weight, ignoreIndex, smoothing, logSoftmax)
        .mem(out).i(count);
    if (reduction == Reduction.NONE) {
      launch.items(count);
    } else {
      launch.i(reduction.ordinal()).group();
    }
  }

  void classLossBackward(Tensor x, Tensor target, Tensor weight, int ignoreIndex,
      float smoothing, boolean logSoftmax, Reduction reduction, Tensor dOut, Tensor dx) {
    if (dx == null) {
      return;
    }
    int count = target.numel();
    long total = 0;
    if (reduction == Reduction.MEAN) {
      total = scratch().mem();
      l.start(ClKernel.CLASS_TOTAL_WEIGHT).mem(target).mem(weight).i(ignoreIndex).i(count)
          .handle(total).group();
    }
    classOperands(ClKernel.CLASS_LOSS_BACKWARD, x, target, weight, ignoreIndex, smoothing,
        logSoftmax).mem(dOut).i(reduction.ordinal()).handle(total).mem(dx).i(count)
        .items(count);
  }

  private ClLaunch classOperands(ClKernel k, Tensor x, Tensor target, Tensor weight,
      int ignoreIndex, float smoothing, boolean logSoftmax) {
    int n = x.dim() == 1 ? 1 : x.size(0);
    int c = x.dim() == 1 ? x.size(0) : x.size(1);
    int inner = n * c == 0 ? 1 : x.numel() / (n * c);
    return l.start(k).mem(x).mem(target).mem(weight).i(c).i(inner).i(ignoreIndex).f(smoothing)
        .i(logSoftmax ? 1 : 0);
  }

  int invalidClassIndex(Tensor target, int classes, int ignoreIndex) {
    int n = target.numel();
    if (n == 0) {
      return -1;
    }
    long mem = scratch().mem();
    try (MemoryStack s = stackPush()) {
      IntBuffer first = s.ints(Integer.MAX_VALUE);
      ClErrors.check(clEnqueueWriteBuffer(device.queue(), mem, true, 0, first, null, null),
          "clEnqueueWriteBuffer");
      l.start(ClKernel.INVALID_CLASS_INDEX).mem(target).i(classes).i(ignoreIndex).handle(mem)
          .i(n).items(n);
      ClErrors.check(clEnqueueReadBuffer(device.queue(), mem, true, 0, first, null, null),
          "clEnqueueReadBuffer");
      return first.get(0) == Integer.MAX_VALUE ? -1 : first.get(0);
    }
  }

  private ClBuffer scratch() {
    if (scratch == null) {
      scratch = device.allocate(4);
    }
    return scratch;
  }
}
