package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * {@code exp(x_i) / sum_j exp(x_j)} along {@code dim}, as {@code torch.nn.Softmax}; computed as
 * {@code exp(x_i - max) / sum_j exp(x_j - max)}, so large logits do not overflow.
 *
 * <p>Shape: input {@code (*)} with {@code -rank <= dim < rank}, output {@code (*)}. No
 * parameters.
 *
 * <p>Example: {@code new Softmax(1)} on {@code (B, classes)}; {@code new Softmax(-1)}.
 */
@ShapeContract(input = "*", output = "*")
public final class Softmax extends SoftmaxLayer {
  public Softmax(int dim) {
    super(dim, false);
  }
}
