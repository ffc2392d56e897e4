package dev.kiln.backend.cpu;

import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.Kernels;
import dev.kiln.backend.Window2d;
import dev.kiln.tensor.Tensor;
import dev.kiln.backend.ConvParams;
import dev.kiln.backend.RnnSpec;

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

  // --- activations (issue 16) ---

  @Override
  public void leakyRelu(Tensor x, float negativeSlope, Tensor y) {
    SmoothActivations.leakyRelu(a(x), negativeSlope, a(y), 0, y.numel());
  }

  @Override
  public void leakyReluBackward(Tensor x, float negativeSlope, Tensor dy, Tensor dx) {
    if (dx != null) {
      SmoothActivations.leakyReluBackward(a(x), negativeSlope, a(dy), a(dx), 0, dx.numel());
    }
  }

  @Override
  public void elu(Tensor x, float alpha, Tensor y) {
    SmoothActivations.elu(a(x), alpha, a(y));
  }

  @Override
  public void eluBackward(Tensor x, float alpha, Tensor dy, Tensor dx) {
    if (dx != null) {
      SmoothActivations.eluBackward(a(x), alpha, a(dy), a(dx));
    }
  }

  @Override
  public void gelu(Tensor x, boolean tanh, Tensor y) {
    SmoothActivations.gelu(a(x), tanh, a(y));
  }

  @Override
  public void geluBackward(Tensor x, boolean tanh, Tensor dy, Tensor dx) {
    if (dx != null) {
      SmoothActivations.geluBackward(a(x), tanh, a(dy), a(dx));
    }
  }

  @Override
  public void silu(Tensor x, Tensor y) {
    SmoothActivations.silu(a(x), a(y));
  }

  @Override
  public void siluBackward(Tensor x, Tensor dy, Tensor dx) {
    if (dx != null) {
      SmoothActivations.siluBackward(a(x), a(dy), a(dx));
    }
  }

  @Override
  public void prelu(Tensor x, Tensor weight, Tensor y) {
    PreluKernel.forward(x, weight, y);
  }

  @Override
  public void preluBackward(Tensor x, Tensor weight, Tensor dy, Tensor dx, Tensor dWeight) {
    PreluKernel.backward(x, weight, dy, dx, dWeight);
  }

  @Override
  public void softmax(Tensor x, int dim, boolean log, Tensor y) {
    SoftmaxKernel.forward(x, dim, log, y);
  }

  @Override
  public void softmaxBackward(Tensor y, int dim, boolean log, Tensor dy, Tensor dx) {
    SoftmaxKernel.backward(y, dim, log, dy, dx);
  }

  // --- pooling ---

  @Override
  public void maxPool2d(Tensor x, Window2d w, Tensor y, Tensor indices) {
    Spatial2d.maxPool(x, w, y, indices);
  }

  @Override
  public void maxPool2dBackward(Tensor indices, Window2d w, Tensor dy, Tensor dx) {
    Spatial2d.maxPoolBackward(indices, dy, dx);
  }

  @Override
  public void avgPool2d(Tensor x, Window2d w, boolean countIncludePad, Tensor y) {
    Spatial2d.avgPool(x, w, countIncludePad, y);
  }

  @Override
  public void avgPool2dBackward(Tensor dy, Window2d w, boolean countIncludePad, Tensor dx) {
    Spatial2d.avgPoolBackward(dy, w, countIncludePad, dx);
  }

  @Override
  public void adaptiveAvgPool2d(Tensor x, Tensor y) {
    Spatial2d.run(PlaneSplit.Op.ADAPTIVE, x, y, false);
  }

  @Override
  public void adaptiveAvgPool2dBackward(Tensor dy, Tensor dx) {
    Spatial2d.run(PlaneSplit.Op.ADAPTIVE_BACKWARD, dx, dy, false);
  }

  @Override
  public void upsampleNearest2d(Tensor x, Tensor y) {
    Spatial2d.run(PlaneSplit.Op.NEAREST, x, y, false);
  }

  @Override
  public void upsampleNearest2dBackward(Tensor dy, Tensor dx) {
    Spatial2d.run(PlaneSplit.Op.NEAREST_BACKWARD, dx, dy, false);
  }

  @Override
  public void upsampleBilinear2d(Tensor x, boolean alignCorners, Tensor y) {
    Spatial2d.run(PlaneSplit.Op.BILINEAR, x, y, alignCorners);
  }

  @Override
  public void upsampleBilinear2dBackward(Tensor dy, boolean alignCorners, Tensor dx) {
    Spatial2d.run(PlaneSplit.Op.BILINEAR_BACKWARD, dx, dy, alignCorners);
  }

  @Override
  public void pixelShuffle(Tensor x, int r, Tensor y) {
    Spatial2d.pixelShuffle(PlaneSplit.Op.SHUFFLE, x, y, r);
  }

  @Override
  public void pixelShuffleBackward(Tensor dy, int r, Tensor dx) {
    Spatial2d.pixelShuffle(PlaneSplit.Op.SHUFFLE_BACKWARD, dx, dy, r);
  }

  @Override
  public void pad2d(Tensor x, int left, int top, Tensor y) {
    Spatial2d.pad(PlaneSplit.Op.PAD, x, y, left, top);
  }

  @Override
  public void pad2dBackward(Tensor dy, int left, int top, Tensor dx) {
    Spatial2d.pad(PlaneSplit.Op.PAD_BACKWARD, dx, dy, left, top);
  }

  // --- normalization and dropout ---

  @Override
  public void batchNormStats(Tensor x, Tensor mean, Tensor var) {
    Normalization.batchStats(x, mean, var);
  }

  @Override
  public void batchNormUpdateStats(Tensor mean, Tensor var, int count, float momentum,
      Tensor runningMean, Tensor runningVar, Tensor numBatchesTracked) {
    Normalization.updateStats(mean, var, count, momentum, runningMean, runningVar,
        numBatchesTracked);
  }

  @Override
  public void batchNorm(Tensor x, Tensor mean, Tensor var, float eps, Tensor weight, Tensor bias,
      Tensor y) {
    Normalization.forward(x, mean, var, eps, weight, bias, y);
  }

  @Override
  public void batchNormBackward(Tensor x, Tensor dy, Tensor mean, Tensor var, float eps,
      Tensor weight, boolean batchStats, Tensor dx, Tensor dweight, Tensor dbias) {
    Normalization.backward(x, dy, mean, var, eps, weight, batchStats, dx, dweight, dbias);
  }

  @Override
  public void groupNorm(Tensor x, int groups, float eps, Tensor weight, Tensor bias, Tensor y,
      Tensor mean, Tensor invstd) {
    Normalization.groupForward(x, groups, eps, weight, bias, y, mean, invstd);
  }

  @Override
  public void groupNormBackward(Tensor x, Tensor dy, int groups, Tensor mean, Tensor invstd,
      Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    Normalization.groupBackward(x, dy, groups, mean, invstd, weight, dx, dweight, dbias);
  }

  @Override
  public void dropoutMask(Tensor mask, long seed, float p, float scale) {
    Dropouts.mask(mask, seed, p, scale);
  }

  @Override
  public void dropout(Tensor x, Tensor mask, Tensor y) {
    Dropouts.apply(x, mask, y);
  }

  @Override
  public void dropoutBackward(Tensor dy, Tensor mask, Tensor dx) {
    Dropouts.backward(dy, mask, dx);
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

  // --- tensor ops (issue 17) ---

  @Override
  public void permute(Tensor x, int[] perm, Tensor y) {
    Permutes.run(x, perm, y, false);
  }

  @Override
  public void permuteBackward(Tensor dy, int[] perm, Tensor dx) {
    if (dx != null) {
      Permutes.run(dx, perm, dy, true);
    }
  }

  @Override
  public void sliceCopy(Tensor src, int srcStart, Tensor dst, int dstStart, int dim, int length,
      boolean accumulate) {
    Slices.sliceCopy(src, srcStart, dst, dstStart, dim, length, accumulate);
  }

  @Override
  public void maskedFill(Tensor x, Tensor mask, float value, Tensor y) {
    MaskedFills.fill(x, mask, value, y);
  }

  @Override
  public void maskedFillBackward(Tensor mask, Tensor dy, Tensor dx) {
    if (dx != null) {
      MaskedFills.backward(mask, dy, dx);
    }
  }

  @Override
  public void scale(Tensor x, float a, float b, Tensor y) {
    Slices.scale(x, a, b, y);
  }

  @Override
  public void scaleBackward(Tensor dy, float a, Tensor dx) {
    if (dx != null) {
      Slices.scaleBackward(dy, a, dx);
    }
  }

  // --- sequence: embedding and row normalization (issue 17) ---

  @Override
  public void layerNorm(Tensor x, int d, float eps, Tensor weight, Tensor bias, Tensor y,
      Tensor mean, Tensor rstd) {
    RowNorm.forward(x, d, eps, true, weight, bias, y, mean, rstd);
  }

  @Override
  public void layerNormBackward(Tensor x, Tensor dy, int d, Tensor mean, Tensor rstd,
      Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    RowNorm.backward(x, dy, d, true, mean, rstd, weight, dx, dweight, dbias);
  }

  @Override
  public void rmsNorm(Tensor x, int d, float eps, Tensor weight, Tensor y, Tensor rstd) {
    RowNorm.forward(x, d, eps, false, weight, null, y, null, rstd);
  }

  @Override
  public void rmsNormBackward(Tensor x, Tensor dy, int d, Tensor rstd, Tensor weight, Tensor dx,
      Tensor dweight) {
    RowNorm.backward(x, dy, d, false, null, rstd, weight, dx, dweight, null);
  }

  @Override
  public void embedding(Tensor indices, Tensor weight, Tensor y) {
    Embeddings.forward(a(indices), a(weight), weight.size(1), a(y));
  }

  @Override
  public void embeddingBackward(Tensor indices, Tensor dy, int paddingIdx, Tensor dweight) {
    Embeddings.backward(a(indices), a(dy), paddingIdx, dweight.size(1), a(dweight));
  }

  @Override
  public void addPositional(Tensor x, Tensor table, int seqLen, int inner, Tensor y) {
    Embeddings.addPositional(a(x), a(table), seqLen, inner, x.size(-1), a(y));
  }

  // --- recurrent ---

  @Override
  public void rnnLayer(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh,
      Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN,
      Tensor state) {
    RnnKernel.forward(s, layer, dir, x, wIh, wHh, bIh, bHh, h0, c0, y, hN, cN, state);
  }

  @Override
  public void rnnLayerBackward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh,
      Tensor state, Tensor dy, Tensor dhN, Tensor dcN, Tensor dx, Tensor dh0, Tensor dc0,
      Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor scratch) {
    RnnKernel.backward(s, layer, dir, x, wIh, wHh, state, dy, dhN, dcN, dx, dh0, dc0, dwIh, dwHh,
        dbIh, dbHh, scratch);
  }

  // --- attention (issue 17) ---

  @Override
  public void attentionScores(Tensor q, Tensor k, Tensor mask, Tensor keyMask, boolean causal,
      float scale, Tensor probs) {
    Attention.scores(q, k, mask, keyMask, causal, scale, probs);
  }

  @Override
  public void attentionScoresBackward(Tensor q, Tensor k, Tensor probs, Tensor dProbs,
      float scale, Tensor dq, Tensor dk, Tensor dScores) {
    Attention.scoresBackward(q, k, probs, dProbs, scale, dq, dk, dScores);
  }

  @Override
  public void attentionValues(Tensor probs, Tensor v, Tensor out) {
    Attention.values(probs, v, out);
  }

  @Override
  public void attentionValuesBackward(Tensor probs, Tensor v, Tensor dOut, Tensor dProbs,
      Tensor dv) {
    Attention.valuesBackward(probs, v, dOut, dProbs, dv);
  }

  @Override
  public void splitHeads(Tensor x, int col0, boolean batchFirst, Tensor out) {
    Heads.split(x, col0, batchFirst, out, false);
  }

  @Override
  public void splitHeadsBackward(Tensor dOut, int col0, boolean batchFirst, Tensor dx) {
    Heads.split(dx, col0, batchFirst, dOut, true);
  }

  @Override
  public void copyRange(Tensor src, int srcOffset, Tensor dst, int dstOffset, int count) {
    Heads.range(src, srcOffset, dst, dstOffset, count, false);
  }

  @Override
  public void accumulateRange(Tensor src, int srcOffset, Tensor dst, int dstOffset, int count) {
    Heads.range(src, srcOffset, dst, dstOffset, count, true);
  }
}
