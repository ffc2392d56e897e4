package dev.kiln.processor.ir;

/** The kinds of generated kernel calls. */
public enum OpKind {
  /** A one-input layer: {@code target.forwardInto(x, y)}. */
  LAYER,
  /** A {@code Linear} layer: as {@link #LAYER}, and its backward does not read {@code y}. */
  LINEAR,
  /** A nested compiled model: {@code target.forward(inputs)}. */
  MODEL,
  /** {@code relu}, {@code tanh} or {@code sigmoid}; target is the function name. */
  ACTIVATION,
  /** add, sub or mul with broadcasting; target is {@code ADD}, {@code SUB} or {@code MUL}. */
  BINARY,
  /** Batched matrix product. */
  MATMUL,
  /** reshape or flatten: the same elements, copied into a new shape. */
  COPY,
  /** A several-input or several-output layer: {@code target.forwardInto(in[], out[], ws)}. */
  MULTI,
  /** {@code for (b : list) h = b.apply(h, extras)}: a runtime {@code ListChain} over the list. */
  CHAIN,
  /** A causal mask of the plan's sizes, made once when the plan is made. */
  CAUSAL_MASK,
  /** {@code permute}/{@code transpose}; target is the permutation, {@code "0, 2, 1"}. */
  PERMUTE,
  /** narrow/select/chunk/split: target {@code "dim, start, length"} (Java expressions). */
  SLICE,
  /** {@code Tensor.cat}; target is the dimension. */
  CAT,
  /** {@code maskedFill(mask, value)}: inputs x and mask; target is the value's Java source. */
  MASKED_FILL,
  /** sum or mean over one dimension: target {@code "dim, scale"}. */
  SUM_DIM,
  /** {@code a * x + b} with scalars: target {@code "a, b"}. */
  SCALE,
  /** After {@code if (isTraining())}: input 0 in training, input 1 in eval mode (an alias). */
  SELECT
}
