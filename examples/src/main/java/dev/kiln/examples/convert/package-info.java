/** Command-line conversion of PyTorch's {@code .pt} files to safetensors. */
package dev.kiln.examples.convert;
