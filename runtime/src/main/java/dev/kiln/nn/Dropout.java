package dev.kiln.nn;

import dev.kiln.ShapeContract;

/**
 * Dropout, as {@code torch.nn.Dropout}: in training each element is zeroed with probability
 * {@code p} and the rest scaled by {@code 1 / (1 - p)}; identity in evaluation. Input and output
 * {@code (*)}, the same shape. See {@link DropoutBase} for the masks.
 */
@ShapeContract(input = "*", output = "*")
public final class Dropout extends DropoutBase {
  /** {@code Dropout(0.5)}. */
  public Dropout() {
    this(0.5f);
  }

  /** @throws IllegalArgumentException unless {@code 0 <= p <= 1} */
  public Dropout(float p) {
    super(p);
  }

  @Override
  public int[] outputShape(int[] x) {
    return x.clone();
  }

  @Override
  int[] maskShape(int[] x) {
    return x;
  }

  @Override
  boolean fits(dev.kiln.tensor.Tensor mask, dev.kiln.tensor.Tensor x) {
    return mask.sameShape(x);
  }
}
