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

  // --- activations (issue 16) ---

  /** {@code y = x > 0 ? x : negativeSlope * x}, as {@code torch.nn.functional.leaky_relu}. */
  void leakyRelu(Tensor x, float negativeSlope, Tensor y);

  /** {@code dx += x > 0 ? dy : negativeSlope * dy}. */
  void leakyReluBackward(Tensor x, float negativeSlope, Tensor dy, Tensor dx);

  /** {@code y = x > 0 ? x : alpha * (exp(x) - 1)}, as {@code torch.nn.functional.elu}. */
  void elu(Tensor x, float alpha, Tensor y);

  /** {@code dx += x > 0 ? dy : alpha * exp(x) * dy}. */
  void eluBackward(Tensor x, float alpha, Tensor dy, Tensor dx);

  /**
   * {@code y = x * Phi(x)} with {@code Phi(x) = (1 + erf(x / sqrt 2)) / 2}, or with {@code tanh}
   * PyTorch's approximation {@code y = x / 2 * (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}.
   */
  void gelu(Tensor x, boolean tanh, Tensor y);

  /** {@code dx += gelu'(x) * dy}, in the same form as {@link #gelu}. */
  void geluBackward(Tensor x, boolean tanh, Tensor dy, Tensor dx);

  /** {@code y = x * sigmoid(x)}, as {@code torch.nn.functional.silu}. */
  void silu(Tensor x, Tensor y);

  /** {@code dx += dy * s * (1 + x * (1 - s))} with {@code s = sigmoid(x)}. */
  void siluBackward(Tensor x, Tensor dy, Tensor dx);

  /**
   * {@code y = x > 0 ? x : w[c] * x}, as {@code torch.nn.functional.prelu}: {@code weight} has
   * one element (shared), or {@code x.size(1)} elements and {@code c} is the index along
   * dimension 1 (checked by the caller).
   */
  void prelu(Tensor x, Tensor weight, Tensor y);

  /**
   * {@code dx += x > 0 ? dy : w[c] * dy} and {@code dWeight[c] += sum of (x > 0 ? 0 : x * dy)}
   * over the elements of channel {@code c} (every element when {@code weight} has one); either
   * gradient may be null.
   */
  void preluBackward(Tensor x, Tensor weight, Tensor dy, Tensor dx, Tensor dWeight);

  /**
   * Softmax of {@code x} along {@code dim} (normalised), or with {@code log} its logarithm
   * {@code x - max - log(sum(exp(x - max)))}; stable for any finite shift of {@code x}.
   */
  void softmax(Tensor x, int dim, boolean log, Tensor y);

  /**
   * Backward of {@link #softmax} from its output {@code y}: {@code dx += y * (dy - sum(dy * y))}
   * or, with {@code log}, {@code dx += dy - exp(y) * sum(dy)}, sums along {@code dim}.
   */
  void softmaxBackward(Tensor y, int dim, boolean log, Tensor dy, Tensor dx);
  // --- pooling ---
  // Spatial ops view x as planes (P, H, W): P the product of the leading dimensions; y likewise
  // (P, OH, OW) with the output sizes taken from y's shape. Backward kernels add into dx.

  /**
   * Max pooling: {@code y} = the window's maximum (the first on ties; a NaN counts as the
   * maximum, the last NaN if several, as PyTorch's CPU kernel), {@code indices} = its position
   * {@code h * W + w} in the plane, as a float.
   */
  void maxPool2d(Tensor x, Window2d w, Tensor y, Tensor indices);

  /**
   * {@code dx[p, indices[p, o]] += dy[p, o]} for every output position {@code o}; {@code w} is
   * the forward's window (a backend may gather per input element within it).
   */
  void maxPool2dBackward(Tensor indices, Window2d w, Tensor dy, Tensor dx);

  /**
   * Average pooling (dilation 1) as PyTorch's {@code avg_pool2d}: the window is clipped to the
   * padded input, then to the input; the divisor is the clipped-to-padded size when
   * {@code countIncludePad}, else the clipped-to-input size.
   */
  void avgPool2d(Tensor x, Window2d w, boolean countIncludePad, Tensor y);

  /** Backward of {@link #avgPool2d}: each {@code dy} spread evenly over its window. */
  void avgPool2dBackward(Tensor dy, Window2d w, boolean countIncludePad, Tensor dx);

  /**
   * Adaptive average pooling: output cell {@code i} averages input rows
   * {@code floor(i*H/OH) .. ceil((i+1)*H/OH) - 1}, likewise columns.
   */
  void adaptiveAvgPool2d(Tensor x, Tensor y);

  /** Backward of {@link #adaptiveAvgPool2d}. */
  void adaptiveAvgPool2dBackward(Tensor dy, Tensor dx);

  /**
   * Nearest upsampling as PyTorch's {@code upsample_nearest2d}: source row
   * {@code min(floor(oh * (H / OH)), H - 1)} in float, likewise columns.
   */
  void upsampleNearest2d(Tensor x, Tensor y);

  /** Backward of {@link #upsampleNearest2d}. */
  void upsampleNearest2dBackward(Tensor dy, Tensor dx);

  /** Bilinear upsampling as PyTorch's {@code upsample_bilinear2d}, with its align_corners. */
  void upsampleBilinear2d(Tensor x, boolean alignCorners, Tensor y);

  /** Backward of {@link #upsampleBilinear2d}. */
  void upsampleBilinear2dBackward(Tensor dy, boolean alignCorners, Tensor dx);

  /**
   * Pixel shuffle: {@code x (*, C*r*r, H, W)} to {@code y (*, C, H*r, W*r)} with
   * {@code y[c, h*r + i, w*r + j] = x[c*r*r + i*r + j, h, w]}.
   */
  void pixelShuffle(Tensor x, int r, Tensor y);

  /** Backward of {@link #pixelShuffle}: {@code dx += } the inverse shuffle of {@code dy}. */
  void pixelShuffleBackward(Tensor dy, int r, Tensor dx);

  /**
   * Zero padding: {@code y[p, h, w] = x[p, h - top, w - left]} where that is inside x, else 0;
   * negative {@code top}/{@code left} crop.
   */
  void pad2d(Tensor x, int left, int top, Tensor y);

  /** Backward of {@link #pad2d}: {@code dx[p, h, w] += dy[p, h + top, w + left]} where inside. */
  void pad2dBackward(Tensor dy, int left, int top, Tensor dx);

  // --- normalization and dropout ---

  /**
   * Per-channel batch statistics of {@code x (N, C, *)}: {@code mean[c]} and the biased variance
   * {@code var[c]} over the {@code N * prod(*)} elements of channel {@code c} (two passes,
   * accumulated in double).
   */
  void batchNormStats(Tensor x, Tensor mean, Tensor var);

  /**
   * The running-statistics update of a training step, as PyTorch: first {@code
   * numBatchesTracked[0] += 1} (when not null); then with {@code m = momentum}, or {@code 1 /
   * numBatchesTracked[0]} when {@code momentum} is NaN (the cumulative average), {@code
   * runningMean = (1 - m) runningMean + m mean} and {@code runningVar = (1 - m) runningVar + m var
   * * count / (count - 1)} (the unbiased variance of {@code count} values per channel).
   */
  void batchNormUpdateStats(Tensor mean, Tensor var, int count, float momentum,
      Tensor runningMean, Tensor runningVar, Tensor numBatchesTracked);

  /**
   * {@code y = (x - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]} for {@code x (N, C, *)};
   * a null {@code weight} or {@code bias} counts as ones or zeros.
   */
  void batchNorm(Tensor x, Tensor mean, Tensor var, float eps, Tensor weight, Tensor bias,
      Tensor y);

  /**
   * Backward of {@link #batchNorm}: {@code dweight += sum(dy * xhat)}, {@code dbias += sum(dy)} per
   * channel, and {@code dx += dy * weight * invstd} where {@code mean} and {@code var} are
   * constants ({@code batchStats == false}, evaluation), or PyTorch's formula through the batch
   * statistics {@code dx += (dy - mean(dy) - xhat * mean(dy * xhat)) * weight * invstd} when they
   * are {@code x}'s own ({@link #batchNormStats}). Each gradient may be null.
   */
  void batchNormBackward(Tensor x, Tensor dy, Tensor mean, Tensor var, float eps, Tensor weight,
      boolean batchStats, Tensor dx, Tensor dweight, Tensor dbias);

  /**
   * Group normalization of {@code x (N, C, *)} in {@code groups} groups of {@code C / groups}
   * channels: per sample and group, {@code y = (x - mean) * invstd * weight[c] + bias[c]} with the
   * biased variance; writes {@code mean} and {@code invstd = 1 / sqrt(var + eps)}, both {@code (N,
   * groups)}. A null {@code weight} or {@code bias} counts as ones or zeros.
   */
  void groupNorm(Tensor x, int groups, float eps, Tensor weight, Tensor bias, Tensor y,
      Tensor mean, Tensor invstd);

  /**
   * Backward of {@link #groupNorm} with its {@code mean} and {@code invstd}: {@code dx}, {@code
   * dweight}, {@code dbias} accumulate; each may be null.
   */
  void groupNormBackward(Tensor x, Tensor dy, int groups, Tensor mean, Tensor invstd,
      Tensor weight, Tensor dx, Tensor dweight, Tensor dbias);

  /**
   * A dropout mask: {@code mask[i] = u(seed, i) >= p ? scale : 0}, with {@code u(seed, i) = (h >>>
   * 8) * 2^-24} uniform in {@code [0, 1)}, where {@code h} is MurmurHash3's 32-bit finaliser of
   * {@code (i * 0x9e3779b9 + lo) ^ hi} (int arithmetic; {@code lo} and {@code hi} the low and high
   * halves of {@code seed}): a counter-based stream, so every backend draws the same mask.
   */
  void dropoutMask(Tensor mask, long seed, float p, float scale);

  /**
   * {@code y[i] = x[i] * mask[i / k]} with {@code k = x.numel() / mask.numel()} (one mask value
   * per element, or per channel plane for {@code Dropout2d}).
   */
  void dropout(Tensor x, Tensor mask, Tensor y);

  /** Backward of {@link #dropout}: {@code dx[i] += dy[i] * mask[i / k]}. */
  void dropoutBackward(Tensor dy, Tensor mask, Tensor dx);

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

  // --- tensor ops (issue 17) ---
  // Movement and masking for sequence models. Forward kernels write their output; backward
  // kernels add into the gradient; none allocates.

  /**
   * {@code y = x.permute(perm)}: {@code y} (dense) has dimension {@code i} of size {@code
   * x.size(perm[i])}, and {@code y[j_0, .., j_{r-1}] = x[i]} with {@code i[perm[k]] = j_k}.
   * {@code perm} is a permutation of {@code 0 .. x.dim() - 1} (checked by the caller); a transpose
   * of the last two dimensions is one such permutation.
   */
  void permute(Tensor x, int[] perm, Tensor y);

  /** Backward of {@link #permute} with the forward's {@code perm}: {@code dx += dy} permuted back. */
  void permuteBackward(Tensor dy, int[] perm, Tensor dx);

  /**
   * With {@code outer} the product of {@code src}'s sizes before {@code dim} and {@code inner} the
   * product after it, views {@code src} as {@code (outer, src.size(dim), inner)} and {@code dst} as
   * {@code (outer, dst.numel() / (outer * inner), inner)}, and writes (or, with {@code
   * accumulate}, adds) {@code src[:, srcStart : srcStart + length, :]} into {@code dst[:, dstStart
   * : dstStart + length, :]}. The ranges are checked by the caller. narrow, select, split, chunk
   * and cat run on it forward and backward.
   */
  void sliceCopy(Tensor src, int srcStart, Tensor dst, int dstStart, int dim, int length,
      boolean accumulate);

  /**
   * {@code y = mask != 0 ? value : x}, as {@code torch.Tensor.masked_fill}; {@code mask}
   * broadcasts to {@code x} (nonzero, NaN included, means fill). {@code y} may be {@code x}.
   */
  void maskedFill(Tensor x, Tensor mask, float value, Tensor y);

  /** Backward of {@link #maskedFill}: {@code dx += mask == 0 ? dy : 0} (no gradient to the mask). */
  void maskedFillBackward(Tensor mask, Tensor dy, Tensor dx);

  /**
   * {@code y = a * x + b} elementwise (scalar {@code mul}, {@code div}, {@code add}); {@code y}
   * may be {@code x}.
   */
  void scale(Tensor x, float a, float b, Tensor y);

  /** Backward of {@link #scale}: {@code dx += a * dy}. */
  void scaleBackward(Tensor dy, float a, Tensor dx);

  // --- sequence: embedding and row normalization (issue 17) ---

  /**
   * Layer normalization of {@code x} viewed as {@code (rows, d)}, {@code rows = x.numel() / d}:
   * per row the mean and biased variance, {@code y = (x - mean) * rstd * weight[j] + bias[j]} with
   * {@code rstd = 1 / sqrt(var + eps)}; writes {@code mean} and {@code rstd}, both {@code (rows)}.
   * {@code weight} and {@code bias} hold {@code d} values; null counts as ones or zeros.
   */
  void layerNorm(Tensor x, int d, float eps, Tensor weight, Tensor bias, Tensor y, Tensor mean,
      Tensor rstd);

  /**
   * Backward of {@link #layerNorm} with its {@code mean} and {@code rstd}: {@code dx += rstd * (g -
   * mean(g) - xhat * mean(g * xhat))} with {@code g = dy * weight}, {@code dweight += sum(dy *
   * xhat)}, {@code dbias += sum(dy)} over rows; each gradient may be null.
   */
  void layerNormBackward(Tensor x, Tensor dy, int d, Tensor mean, Tensor rstd, Tensor weight,
      Tensor dx, Tensor dweight, Tensor dbias);

  /**
   * RMS normalization of {@code x} viewed as {@code (rows, d)}: {@code y = x * rstd * weight[j]}
   * with {@code rstd = 1 / sqrt(mean(x^2) + eps)} per row, written to {@code rstd (rows)}; a null
   * {@code weight} counts as ones.
   */
  void rmsNorm(Tensor x, int d, float eps, Tensor weight, Tensor y, Tensor rstd);

  /**
   * Backward of {@link #rmsNorm} with its {@code rstd}: {@code dx += rstd * g - x * rstd^3 *
   * mean(g * x)} with {@code g = dy * weight}, {@code dweight += sum(dy * x * rstd)} over rows; each
   * gradient may be null.
   */
  void rmsNormBackward(Tensor x, Tensor dy, int d, Tensor rstd, Tensor weight, Tensor dx,
      Tensor dweight);

  /**
   * Embedding lookup: row {@code i} of {@code y (n, d)} is row {@code indices[i]} of {@code weight
   * (V, d)}, {@code n = indices.numel()}. The indices are integral floats in {@code [0, V)}, checked
   * by the caller ({@link #invalidClassIndex}).
   */
  void embedding(Tensor indices, Tensor weight, Tensor y);

  /**
   * Backward of {@link #embedding}: {@code dweight[indices[i]] += dy[i]} for every {@code i} in
   * order, except where {@code indices[i] == paddingIdx} (-1 for none).
   */
  void embeddingBackward(Tensor indices, Tensor dy, int paddingIdx, Tensor dweight);

  /**
   * {@code y = x + table[t]}, the positional table added along the sequence: {@code x} viewed as
   * {@code (outer, seqLen, inner, d)} with {@code d = x.size(-1)}, {@code y[o, t, m, j] = x[o, t,
   * m, j] + table[t * d + j]} ({@code inner == 1} for batch-first {@code (B, T, d)}, {@code outer
   * == 1} for {@code (T, B, d)}). Its backward is {@link #accumulate}.
   */
  void addPositional(Tensor x, Tensor table, int seqLen, int inner, Tensor y);

  // --- recurrent ---

  /**
   * One direction ({@code dir} 0 forward, 1 reverse) of layer {@code layer} of a recurrent layer
   * over the whole sequence, as {@code torch.nn.RNN}/{@code LSTM}/{@code GRU}: {@code x (T, B,
   * in)} (layout per {@link RnnSpec}), {@code wIh (G*H, in)}, {@code wHh (G*H, H)}, {@code bIh},
   * {@code bHh (G*H)} or null. {@code h0}, {@code c0} are the whole {@code (layers * D, B, H)}
   * initial states (null: zeros; {@code c0} LSTM only), of which slice {@code layer * D + dir} is
   * read. Writes columns {@code dir * H ..} of {@code y (T, B, D*H)} (x's layout), slice {@code
   * layer * D + dir} of {@code hN} (and {@code cN}), and {@code state} ({@link
   * RnnSpec#stateFloats}) for the backward. The input projection of all steps is one product.
   */
  void rnnLayer(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh, Tensor bIh,
      Tensor bHh, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN, Tensor state);

  /**
   * Backward of {@link #rnnLayer} through time, from its {@code state}: {@code dy} (y's shape;
   * columns {@code dir * H ..} read; null is zero) and slice {@code layer * D + dir} of {@code
   * dhN}, {@code dcN} (null is zero). Adds into {@code dx} (x's shape), the slices of {@code dh0},
   * {@code dc0}, and {@code dwIh}, {@code dwHh}, {@code dbIh}, {@code dbHh}; each may be null.
   * {@code scratch} holds {@link RnnSpec#scratchFloats} floats.
   */
  void rnnLayerBackward(RnnSpec s, int layer, int dir, Tensor x, Tensor wIh, Tensor wHh,
      Tensor state, Tensor dy, Tensor dhN, Tensor dcN, Tensor dx, Tensor dh0, Tensor dc0,
      Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh, Tensor scratch);

  // --- attention (issue 17) ---
  // q (..., L, E), k (..., S, E), v (..., S, Ev), probabilities (..., L, S), context (..., L, Ev):
  // G = numel(probs) / (L * S) independent matrices (batch times heads), contiguous.

  /**
   * {@code probs[g] = softmax(scale * q[g] k[g]^T + mask + keyMask[g / (G / B)])} along the last
   * dimension: {@code mask} (or null) has {@code L * S} elements (shared) or {@code G * L * S};
   * {@code keyMask} (or null) is {@code (B, S)}, row {@code g / (G / B)} added to every row of
   * matrix {@code g}; with {@code causal} position {@code j > i} gets probability 0 (as
   * {@code is_causal}, top-left aligned). A row whose scores are all {@code -inf} gives NaN, as
   * PyTorch's.
   */
  void attentionScores(Tensor q, Tensor k, Tensor mask, Tensor keyMask, boolean causal,
      float scale, Tensor probs);

  /**
   * Backward of {@link #attentionScores} from its {@code probs}: {@code dScores = scale * probs *
   * (dProbs - rowsum(dProbs * probs))} (written; it may be {@code dProbs} itself, whose contents
   * are then replaced), {@code dq += dScores k}, {@code dk += dScores^T q}; dq or dk may be null.
   */
  void attentionScoresBackward(Tensor q, Tensor k, Tensor probs, Tensor dProbs, float scale,
      Tensor dq, Tensor dk, Tensor dScores);

  /** {@code out[g] = probs[g] v[g]}: the context {@code (..., L, Ev)}. */
  void attentionValues(Tensor probs, Tensor v, Tensor out);

  /** {@code dProbs[g] += dOut[g] v[g]^T}, {@code dv[g] += probs[g]^T dOut[g]}; either may be null. */
  void attentionValuesBackward(Tensor probs, Tensor v, Tensor dOut, Tensor dProbs, Tensor dv);

  /**
   * Heads out of a projection: {@code x} has rows {@code (T, B)} (or {@code (B, T)} when {@code
   * batchFirst}) of {@code C} columns; {@code out (B, H, T, D)} gets {@code out[b, h, t, :] =
   * x[row(t, b), col0 + h D .. col0 + (h + 1) D)}.
   */
  void splitHeads(Tensor x, int col0, boolean batchFirst, Tensor out);

  /**
   * Backward of {@link #splitHeads}: {@code dx[row(t, b), col0 + h D + i] += dOut[b, h, t, i]}
   * (with {@code dx} zeroed, merging the heads back into rows).
   */
  void splitHeadsBackward(Tensor dOut, int col0, boolean batchFirst, Tensor dx);

  /** {@code dst[dstOffset + i] = src[srcOffset + i]} for {@code i < count} (flat indices). */
  void copyRange(Tensor src, int srcOffset, Tensor dst, int dstOffset, int count);

  /** {@code dst[dstOffset + i] += src[srcOffset + i]} for {@code i < count} (flat indices). */
  void accumulateRange(Tensor src, int srcOffset, Tensor dst, int dstOffset, int count);
}
