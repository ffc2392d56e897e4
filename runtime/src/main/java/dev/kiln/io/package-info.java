/**
 * Weight files and checkpoints: {@link dev.kiln.io.SafeTensors} reads and writes the safetensors
 * format (every {@link dev.kiln.io.DType}, mapped reads, validation before allocation, atomic
 * saves), and {@link dev.kiln.io.Checkpoint} stores what resuming training needs in one file.
 */
package dev.kiln.io;
