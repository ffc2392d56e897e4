/**
 * Optimizers with PyTorch 1.13's update rules, defaults and state names: {@link
 * dev.kiln.optim.Sgd}, {@link dev.kiln.optim.Adam}, {@link dev.kiln.optim.AdamW}, {@link
 * dev.kiln.optim.RMSprop} and {@link dev.kiln.optim.Adagrad}, over a model's {@code
 * parameters()}. The update loops of Sgd and Adam(W) are device kernels ({@code
 * Kernels.sgdStep}, {@code Kernels.adamStep}); RMSprop and Adagrad update on the host for now.
 * See {@link dev.kiln.optim.Optimizer} for the shared contract (skipped parameters, options,
 * checkpointing state). Every optimizer takes PyTorch-style parameter groups ({@link
 * dev.kiln.optim.ParamGroup}), each with its own lr and options.
 *
 * <p>Learning-rate schedulers with PyTorch 1.13's {@code step()} semantics act on the lr of
 * every parameter group of an {@link dev.kiln.optim.Optimizer}: {@link dev.kiln.optim.StepLR}, {@link
 * dev.kiln.optim.MultiStepLR}, {@link dev.kiln.optim.ExponentialLR}, {@link
 * dev.kiln.optim.CosineAnnealingLR}, {@link dev.kiln.optim.LinearLR}, {@link
 * dev.kiln.optim.OneCycleLR}, {@link dev.kiln.optim.SequentialLR} (all {@link
 * dev.kiln.optim.LrScheduler}s) and {@link dev.kiln.optim.ReduceLROnPlateau}.
 */
package dev.kiln.optim;
