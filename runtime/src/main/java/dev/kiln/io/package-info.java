/**
 * Weight files and checkpoints: {@link dev.kiln.io.SafeTensors} reads and writes the safetensors
 * format (every {@link dev.kiln.io.DType}, mapped reads, validation before allocation, atomic
 * saves), {@link dev.kiln.io.Checkpoint} stores what resuming training needs in one file, and
 * {@link dev.kiln.io.TorchFiles} reads PyTorch's {@code .pt} files without executing them.
 */
package dev.kiln.io;
