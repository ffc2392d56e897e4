/**
 * Optimizers with PyTorch 1.13's update rules, defaults and state names: {@link
 * dev.kiln.optim.Sgd}, {@link dev.kiln.optim.Adam} and {@link dev.kiln.optim.AdamW}, over a
 * model's {@code parameters()}. The update loops are device kernels ({@code Kernels.sgdStep},
 * {@code Kernels.adamStep}); see {@link dev.kiln.optim.Optimizer} for the shared contract
 * (skipped parameters, options, checkpointing state).
 */
package dev.kiln.optim;
