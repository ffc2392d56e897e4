package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Shapes;

/**
 * Channel dropout, as {@code torch.nn.Dropout2d}: in training each whole channel {@code x[n, c]}
 * is zeroed with probability {@code p} and the rest scaled by {@code 1 / (1 - p)}; identity in
 * evaluation. Input and output {@code (N, C, H, W)} (or {@code (N, C, L)}, as PyTorch 1.13 treats
 * a 3-D input). See {@link DropoutBase} for the masks.
 */
@ShapeContract(input = "N, C, *", output = "N, C, *")
public final class Dropout2d extends DropoutBase {
  /** {@code Dropout2d(0.5)}. */
  public Dropout2d() {
    this(0.5f);
  }

  /** @throws IllegalArgumentException unless {@code 0 <= p <= 1} */
  public Dropout2d(float p) {
    super(p);
  }

  @Override
  public int[] outputShape(int[] x) {
    if (x.length != 3 && x.length != 4) {
      throw new IllegalArgumentException("Dropout2d expects input (N, C, H, W) or (N, C, L) but got "
          + Shapes.toString(x));
    }
    return x.clone();
  }

  @Override
  int[] maskShape(int[] x) {
    return new int[] {x[0], x[1]};
  }

  @Override
  boolean fits(dev.kiln.tensor.Tensor mask, dev.kiln.tensor.Tensor x) {
    return mask.dim() == 2 && mask.size(0) == x.size(0) && mask.size(1) == x.size(1);
  }
}
