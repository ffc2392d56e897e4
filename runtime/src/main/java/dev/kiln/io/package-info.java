/** Reading and writing tensors in the safetensors file format. */
package dev.kiln.io;
