/** Datasets and batching, as {@code torch.utils.data}, and MNIST-format IDX files. */
package dev.kiln.data;
