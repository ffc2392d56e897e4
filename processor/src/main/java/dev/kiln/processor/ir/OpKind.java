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
  CAUSAL_MASK
}
