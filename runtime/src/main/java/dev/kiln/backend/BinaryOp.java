package dev.kiln.backend;

/** The broadcasting elementwise binary ops. */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  /** True division, {@code a / b}. */
  DIV
}
