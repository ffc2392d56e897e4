package dev.kiln.loss;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
  /** No reduction: one loss value per element (per target element for class losses). */
  NONE,
  /** The mean ({@code 'mean'}, the default); weighted by the class weights for class losses. */
  MEAN,
  /** The sum ({@code 'sum'}). */
  SUM
}
