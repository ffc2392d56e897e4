package dev.kiln.backend;

import dev.kiln.tensor.Tensor;

/**
 * The device-independent kernel interface: every op has a forward and a backward kernel. Shapes
 * are read from the tensors; outputs are preallocated by the caller. Backward kernels
 * accumulate ({@code dx += ...}) so that a value used twice sums its gradients; a {@code null}
 * gradient argument is skipped.
 */
public interface Kernels {
  /** {@code dst = value} everywhere. */
  void fill(Tensor dst, float value);

  /** {@code dst = src}, element for element (shapes may differ; sizes must not). */
  void copy(Tensor src, Tensor dst);

  /** {@code dst += src}, element for element. */
  void accumulate(Tensor src, Tensor dst);

  void relu(Tensor x, Tensor y);

  void reluBackward(Tensor x, Tensor dy, Tensor dx);

  void tanh(Tensor x, Tensor y);

  void tanhBackward(Tensor y, Tensor dy, Tensor dx);

  void sigmoid(Tensor x, Tensor y);

  void sigmoidBackward(Tensor y, Tensor dy, Tensor dx);

  /** {@code out = a op b} with PyTorch broadcasting. */
  void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

  /**
   * Backward of {@code out = a op b} for the operand {@code which} (0 for a, 1 for b): {@code dx +=
   * reduce(d out/d operand * dOut)} summed over broadcast dimensions.
   */
  void binaryBackward(BinaryOp op, int which, Tensor a, Tensor b, Tensor dOut, Tensor dx);

  /** {@code out = a @ b} for {@code a (..., n, k)} and {@code b (..., k, m)}, batch dims broadcast. */
  void matmul(Tensor a, Tensor b, Tensor out);

  /** {@code da += dOut @ b^T}, {@code db += a^T @ dOut}, reduced over broadcast batch dims. */
  void matmulBackward(Tensor a, Tensor b, Tensor dOut, Tensor da, Tensor db);

  /** {@code y = x w^T + b} for {@code x (*, in)}, {@code w (out, in)}, {@code b (out)} or null. */
  void linear(Tensor x, Tensor w, Tensor b, Tensor y);

  /** {@code dx += dy w}, {@code dw += dy^T x}, {@code db += sum(dy)}; each may be null. */
  void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db);

  /** {@code out = sum(x)} as a one-element tensor. */
  void sum(Tensor x, Tensor out);

  /** {@code dx += scale * dOut[0]} everywhere. */
  void sumBackward(Tensor dOut, float scale, Tensor dx);
}
