/** Modules and layers as in {@code torch.nn}: {@link dev.kiln.nn.Module}, Linear, activations. */
package dev.kiln.nn;
