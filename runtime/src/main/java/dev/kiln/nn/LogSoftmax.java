package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * {@code log(softmax(x))} along {@code dim}, as {@code torch.nn.LogSoftmax}; computed as
 * {@code x_i - max - log(sum_j exp(x_j - max))}, stable for large logits.
 *
 * <p>Shape: input {@code (*)} with {@code -rank <= dim < rank}, output {@code (*)}. No
 * parameters.
 *
 * <p>Example: {@code new LogSoftmax(1)}, followed by {@code NllLoss}.
 */
@ShapeContract(input = "*", output = "*")
public final class LogSoftmax extends SoftmaxLayer {
  public LogSoftmax(int dim) {
    super(dim, true);
  }
}
