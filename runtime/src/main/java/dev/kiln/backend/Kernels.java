package dev.kiln.backend;

import dev.kiln.tensor.Tensor;

/**
 * The device-independent kernel interface: every op has a forward and a backward kernel. Shapes
 * are read from the tensors; outputs are preallocated by the caller. Backward kernels
 * accumulate ({@code dx += ...}) so that a value used twice sums its gradients; a {@code null}
 * gradient argument is skipped.
 */
public interface Kernels {
  /** {@code dst = value} everywhere. */
  void fill(Tensor dst, float value);

  /** {@code dst = src}, element for element (shapes may differ; sizes must not). */
  void copy(Tensor src, Tensor dst);

  /** {@code dst += src}, element for element. */
  void accumulate(Tensor src, Tensor dst);

  /**
   * One SGD step on one parameter, PyTorch 1.13's rule ({@code _single_tensor_sgd}), in place:
   * {@code d = (maximize ? -grad : grad) + weightDecay * param}; when {@code momentum != 0},
   * {@code buf = initBuffer ? d : momentum * buf + (1 - dampening) * d} and {@code d = nesterov ?
   * d + momentum * buf : buf}; then {@code param -= lr * d}. {@code momentumBuffer} (the
   * parameter's shape) is only read and written when {@code momentum != 0} and may then not be
   * null. The scalars are host values; float32 tensors are updated with float32 arithmetic.
   */
  void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, boolean initBuffer, double lr,
      double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize);

  /**
   * One Adam ({@code decoupledWeightDecay == false}) or AdamW ({@code true}) step on one
   * parameter, PyTorch 1.13's rule ({@code _single_tensor_adam}/{@code _single_tensor_adamw}),
   * in place. {@code step} is the parameter's step count after this step (1 on the first).
   * With {@code g = maximize ? -grad : grad}: AdamW first scales {@code param *= 1 - lr *
   * weightDecay}, Adam adds {@code weightDecay * param} to {@code g}; then {@code m = beta1 * m +
   * (1 - beta1) g}, {@code v = beta2 * v + (1 - beta2) g^2}, with AMSGrad ({@code maxExpAvgSq}
   * non-null) {@code vmax = max(vmax, v)} replacing {@code v} below, and {@code param -= (lr /
   * (1 - beta1^step)) * m / (sqrt(v) / sqrt(1 - beta2^step) + eps)}.
   */
  void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
      long step, double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupledWeightDecay, boolean maximize);

  void relu(Tensor x, Tensor y);

  void reluBackward(Tensor x, Tensor dy, Tensor dx);

  void tanh(Tensor x, Tensor y);

  void tanhBackward(Tensor y, Tensor dy, Tensor dx);

  void sigmoid(Tensor x, Tensor y);

  void sigmoidBackward(Tensor y, Tensor dy, Tensor dx);

  /** {@code out = a op b} with PyTorch broadcasting. */
  void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

  /**
   * Backward of {@code out = a op b} for the operand {@code which} (0 for a, 1 for b): {@code dx +=
   * reduce(d out/d operand * dOut)} summed over broadcast dimensions.
   */
  void binaryBackward(BinaryOp op, int which, Tensor a, Tensor b, Tensor dOut, Tensor dx);

  /** {@code out = a @ b} for {@code a (..., n, k)} and {@code b (..., k, m)}, batch dims broadcast. */
  void matmul(Tensor a, Tensor b, Tensor out);

  /** {@code da += dOut @ b^T}, {@code db += a^T @ dOut}, reduced over broadcast batch dims. */
  void matmulBackward(Tensor a, Tensor b, Tensor dOut, Tensor da, Tensor db);

  /** {@code y = x w^T + b} for {@code x (*, in)}, {@code w (out, in)}, {@code b (out)} or null. */
  void linear(Tensor x, Tensor w, Tensor b, Tensor y);

  /** {@link #linear} then {@code y = max(y, 0)}; a backend may fuse the two. */
  default void linearRelu(Tensor x, Tensor w, Tensor b, Tensor y) {
    linear(x, w, b, y);
    relu(y, y);
  }

  /** {@code dx += dy w}, {@code dw += dy^T x}, {@code db += sum(dy)}; each may be null. */
  void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db);

  /** {@code out = sum(x)} as a one-element tensor. */
  void sum(Tensor x, Tensor out);

  /** {@code dx += scale * dOut[0]} everywhere. */
  void sumBackward(Tensor dOut, float scale, Tensor dx);

  /**
   * Elementwise loss {@code l = op(x, y; p, posWeight) * weight} for {@code x} and {@code y} of
   * one shape; {@code weight} and {@code posWeight} (BCE with logits only) broadcast to it or are
   * null. {@code out} has {@code x}'s shape for NONE, else one element: the sum or mean of
   * {@code l}, accumulated in double.
   */
  void pointwiseLoss(LossOp op, float p, Tensor x, Tensor y, Tensor weight, Tensor posWeight,
      dev.kiln.loss.Reduction reduction, Tensor out);

  /** Backward of {@link #pointwiseLoss}: {@code dx += dl/dx * dOut}, {@code dOut} of out's shape. */
  void pointwiseLossBackward(LossOp op, float p, Tensor x, Tensor y, Tensor weight,
      Tensor posWeight, dev.kiln.loss.Reduction reduction, Tensor dOut, Tensor dx);

  /**
   * Class-index loss for {@code x (N, C, d...)} or {@code (C)} and {@code target (N, d...)} or
   * {@code ()} holding valid class indices (checked by the caller). Per target element, with
   * {@code z = logSoftmax ? log_softmax(x) over C : x}, {@code w} the class weights (ones when
   * null) and {@code s} the label smoothing: {@code l = -(1 - s) w[t] z[t] - (s / C) sum_c w[c]
   * z[c]}, and {@code l = 0} where {@code t == ignoreIndex}. {@code out} has target's shape for
   * NONE, else one element: the sum, or for MEAN the sum over {@code sum w[t]} of non-ignored t.
   */
  void classLoss(Tensor x, Tensor target, Tensor weight, int ignoreIndex, float labelSmoothing,
      boolean logSoftmax, dev.kiln.loss.Reduction reduction, Tensor out);

  /** Backward of {@link #classLoss}: {@code dx += dl/dx * dOut}, {@code dOut} of out's shape. */
  void classLossBackward(Tensor x, Tensor target, Tensor weight, int ignoreIndex,
      float labelSmoothing, boolean logSoftmax, dev.kiln.loss.Reduction reduction, Tensor dOut,
      Tensor dx);

  /**
   * The index of the first element of {@code target} that is not an integral class index in
   * {@code [0, classes)} or {@code ignoreIndex}, or -1 when all are valid.
   */
  int invalidClassIndex(Tensor target, int classes, int ignoreIndex);

  /** {@code out = (a op b) ? 1 : 0} with PyTorch broadcasting (PyTorch's bool as 0/1 floats). */
  void compare(CompareOp op, Tensor a, Tensor b, Tensor out);

  /**
   * {@code out} = index (as a float) of the first maximum of {@code x} along {@code dim}, NaN
   * counting as the maximum; {@code out} has the shape of {@code x} without {@code dim}.
   */
  void argmax(Tensor x, int dim, Tensor out);

  /** {@code out = sum of x along dim}; {@code out} has {@code x}'s shape without {@code dim}. */
  void sumDim(Tensor x, int dim, Tensor out);

  /** {@code dx += scale * dOut} with {@code dOut} repeated along {@code dim} of {@code dx}. */
  void sumDimBackward(Tensor dOut, int dim, float scale, Tensor dx);

  // --- convolution ---

  /**
   * {@code y = conv(x, w) + b}, as {@code torch.nn.functional.conv2d} ({@code conv1d} when {@code
   * p.spatialDims() == 1}): {@code x (*, C, H, W)}, {@code w (O, C/groups, kH, kW)}, {@code b (O)}
   * or null, {@code y (*, O, OH, OW)} overwritten. {@code scratch} holds at least {@link
   * ConvParams#scratchFloats} floats (null when that is 0); its contents are not kept.
   */
  void conv(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p, Tensor scratch);

  /** Backward of {@link #conv}: {@code dx}, {@code dw}, {@code db} accumulate; null ones skipped. */
  void convBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db, ConvParams p,
      Tensor scratch);

  /**
   * {@code y = conv_transpose(x, w) + b}, as {@code torch.nn.functional.conv_transpose2d}: the
   * input gradient of {@link #conv} with {@code y} in the role of its input. {@code x (*, C, H,
   * W)}, {@code w (C, O/groups, kH, kW)}, {@code b (O)} or null, {@code y (*, O, OH, OW)}
   * overwritten; {@code p}'s padding is the convolution's (output padding only makes {@code y}
   * larger).
   */
  void convTranspose(Tensor x, Tensor w, Tensor b, Tensor y, ConvParams p, Tensor scratch);

  /** Backward of {@link #convTranspose}, accumulating as {@link #convBackward}. */
  void convTransposeBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
      ConvParams p, Tensor scratch);
}
