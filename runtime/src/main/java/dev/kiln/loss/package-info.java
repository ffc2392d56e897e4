/**
 * Loss functions as in {@code torch.nn}: {@link dev.kiln.loss.MseLoss}, {@link
 * dev.kiln.loss.L1Loss}, {@link dev.kiln.loss.SmoothL1Loss}, {@link dev.kiln.loss.HuberLoss},
 * {@link dev.kiln.loss.BceLoss}, {@link dev.kiln.loss.BceWithLogitsLoss}, {@link
 * dev.kiln.loss.NllLoss} and {@link dev.kiln.loss.CrossEntropyLoss}. Each is an immutable module
 * without parameters: {@code loss.apply(input, target)} returns a tensor whose {@code backward()}
 * reaches {@code input}; targets, weights and options are constants. Options are set with
 * fluent {@code with...} methods returning a new loss.
 */
package dev.kiln.loss;
