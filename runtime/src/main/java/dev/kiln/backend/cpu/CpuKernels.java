package dev.kiln.backend.cpu;

import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.ConvParams;
import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Tensor;

/** The plain-Java kernels: loops over heap arrays, no native code. */
public final class CpuKernels implements Kernels {
  static float[] a(Tensor t) {
    if (t.buffer() instanceof CpuBuffer b) {
      return b.array();
    }
    throw new IllegalArgumentException("tensors on different devices: cpu and " + t.device());
  }

  @Override
  public void fill(Tensor dst, float value) {
    java.util.Arrays.fill(a(dst), value);
  }

  @Override
  public void copy(Tensor src, Tensor dst) {
    System.arraycopy(a(src), 0, a(dst), 0, src.numel());
  }

  @Override
  public void accumulate(Tensor src, Tensor dst) {
    float[] s = a(src);
    float[] d = a(dst);
    for (int i = 0; i < d.length; i++) {
      d[i] += s[i];
    }
  }

  @Override
  public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, boolean initBuffer,
      double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
      boolean maximize) {
    OptimKernels.sgd(a(param), a(grad), momentum != 0 ? a(momentumBuffer) : null, initBuffer, lr,
        momentum, dampening, weightDecay, nesterov, maximize);
  }

  @Override
  public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
      Tensor maxExpAvgSq, long step, double lr, double beta1, double beta2, double eps,
      double weightDecay, boolean decoupledWeightDecay, boolean maximize) {
    OptimKernels.adam(a(param), a(grad), a(expAvg), a(expAvgSq),
        maxExpAvgSq == null ? null : a(maxExpAvgSq), step, lr, beta1, beta2, eps, weightDecay,
        decoupledWeightDecay, maximize);
  }

  @Override
  public void relu(Tensor x, Tensor y) {
    Activations.relu(a(x), a(y));
  }

  @Override
  public void reluBackward(Tensor x, Tensor dy, Tensor dx) {
    Activations.reluBackward(a(x), a(dy), a(dx));
  }

  @Override
  public void tanh(Tensor x, Tensor y) {
    Activations.tanh(a(x), a(y));
  }

  @Override
  public void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
    Activations.tanhBackward(a(y), a(dy), a(dx));
  }

  @Override
  public void sigmoid(Tensor x, Tensor y) {
    Activations.sigmoid(a(x), a(y));
  }

  @Override
  public void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
    Activations.sigmoidBackward(a(y), a(dy), a(dx));
  }

  @Override
  public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    Elementwise.binary(op, a, b, out);
  }

  @Override
  public void binaryBackward(BinaryOp op, int which, Tensor a, Tensor b, Tensor dOut, Tensor dx) {
    Elementwise.binaryBackward(op, which, a, b, dOut, dx);
  }

  @Override
  public void matmul(Tensor a, Tensor b, Tensor out) {
    Matmul.forward(a, b, out);
  }

  @Override
  public void matmulBackward(Tensor a, Tensor b, Tensor dOut, Tensor da, Tensor db) {
    Matmul.backward(a, b, dOut, da, db);
  }

  @Override
  public void linear(Tensor x, Tensor w, Tensor b, Tensor y) {
    LinearKernel.forward(x, w, b, y, false);
  }

  @Override
  public void linearRelu(Tensor x, Tensor w, Tensor b, Tensor y) {
    LinearKernel.forward(x, w, b, y, true);
  }

  @Override
  public void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
    LinearKernel.backward(x, w, dy, dx, dw, db);
  }

  @Override
  public void sum(Tensor x, Tensor out) {
    double s = 0;
    for (float v : a(x)) {
      s += v;
    }
    a(out)[0] = (float) s;
  }

  @Override
  public void pointwiseLoss(dev.kiln.backend.LossOp op, float p, Tensor x, Tensor y,
      Tensor weight, Tensor posWeight, dev.kiln.loss.Reduction reduction, Tensor out) {
    PointwiseLosses.forward(op, p, x, y, weight, posWeight, reduction, out);
  }

  @Override
  public void pointwiseLossBackward(dev.kiln.backend.LossOp op, float p, Tensor x, Tensor y,
      Tensor weight, Tensor posWeight, dev.kiln.loss.Reduction reduction, Tensor dOut,
      Tensor dx) {
    PointwiseLosses.backward(op, p, x, y, weight, posWeight, reduction, dOut, dx);
  }

  @Override
  public void classLoss(Tensor x, Tensor target, Tensor weight, int ignoreIndex,
      float labelSmoothing, boolean logSoftmax, dev.kiln.loss.Reduction reduction, Tensor out) {
    ClassLosses.forward(x, target, weight, ignoreIndex, labelSmoothing, logSoftmax, reduction,
        out);
  }

  @Override
  public void classLossBackward(Tensor x, Tensor target, Tensor weight, int ignoreIndex,
      float labelSmoothing, boolean logSoftmax, dev.kiln.loss.Reduction reduction, Tensor dOut,
      Tensor dx) {
    ClassLosses.backward(x, target, weight, ignoreIndex, labelSmoothing, logSoftmax, reduction,
        dOut, dx);
  }

  @Override
  public void sumBackward(Tensor dOut, float scale, Tensor dx) {
    float g = scale * a(dOut)[0];
    float[] d = a(dx);
    for (int i = 0; i < d.length; i++) {
      d[i] += g;
    }
  }

  @Override
  public int invalidClassIndex(Tensor target, int classes, int ignoreIndex) {
    float[] t = a(target);
    for (int i = 0; i < t.length; i++) {
      float v = t[i];
      boolean integral = v == Math.rint(v) && Math.abs(v) <= 1e9f;
      if (!integral || ((int) v != ignoreIndex && (v < 0 || v >= classes))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void compare(dev.kiln.backend.CompareOp op, Tensor a, Tensor b, Tensor out) {
    Comparisons.compare(op, a, b, out);
  }

  @Override
  public void argmax(Tensor x, int dim, Tensor out) {
    Reductions.argmax(x, dim, out);
  }

  @Override
  public void sumDim(Tensor x, int dim, Tensor out) {
    Reductions.sum(x, dim, out);
  }

  @Override
  public void sumDimBackward(Tensor dOut, int dim, float scale, Tensor dx) {
    Reductions.sumBackward(dOut, dim, scale, dx);
  }

  // --- convolution ---

  @Override
  public void conv(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p, Tensor scratch) {
    ConvKernel.conv(x, w, b, y, p, scratch);
  }

  @Override
  public void convBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
      ConvParams p, Tensor scratch) {
    ConvKernel.convBackward(x, w, dy, dx, dw, db, p, scratch);
  }

  @Override
  public void convTranspose(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p,
      Tensor scratch) {
    ConvKernel.convTranspose(x, w, b, y, p, scratch);
  }

  @Override
  public void convTransposeBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
      Tensor db, ConvParams p, Tensor scratch) {
    ConvKernel.convTransposeBackward(x, w, dy, dx, dw, db, p, scratch);
  }
}
