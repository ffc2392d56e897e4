package dev.kiln.nn;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Expands dimension {@code dim} into {@code sizes}, as {@code torch.nn.Unflatten}: the inverse of
 * {@link Flatten}. One size may be -1 (inferred). Input {@code (*, S, *)}, output
 * {@code (*, sizes..., *)} where the sizes multiply to {@code S}; the data is unchanged. No
 * parameters. {@code new Unflatten(1, 16, 5, 5)} turns {@code (N, 400)} into
 * {@code (N, 16, 5, 5)}.
 */
public final class Unflatten extends UnaryModule {
  private final int dim;
  private final int[] sizes;

  public Unflatten(int dim, int... sizes) {
    if (sizes == null || sizes.length == 0) {
      throw new IllegalArgumentException("Unflatten needs at least one size");
    }
    int inferred = 0;
    for (int s : sizes) {
      if (s == -1) {
        inferred++;
      } else if (s < 1) {
        throw new IllegalArgumentException("Unflatten sizes must be positive or -1, got "
            + Arrays.toString(sizes));
      }
    }
    if (inferred > 1) {
      throw new IllegalArgumentException("Unflatten: only one dimension can be inferred, got "
          + Arrays.toString(sizes));
    }
    this.dim = dim;
    this.sizes = sizes.clone();
  }

  @Override
  public int[] outputShape(int[] in) {
    if (dim < -in.length || dim >= in.length) {
      throw new IllegalArgumentException(this + ": dimension out of range (expected to be in range"
          + " of [" + -in.length + ", " + (in.length - 1) + "], but got " + dim + ") for input "
          + Shapes.toString(in));
    }
    int d = dim < 0 ? dim + in.length : dim;
    long product = 1;
    int infer = -1;
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] == -1) {
        infer = i;
      } else {
        product *= sizes[i];
      }
    }
    int[] resolved = sizes.clone();
    if (infer >= 0 && product > 0 && in[d] % product == 0) {
      resolved[infer] = (int) (in[d] / product);
      product = in[d];
    }
    if (product != in[d]) {
      throw new IllegalArgumentException(this + ": provided sizes " + Arrays.toString(sizes)
          + " don't multiply up to the size of dim " + dim + " (" + in[d] + ") in the input "
          + Shapes.toString(in));
    }
    int[] out = new int[in.length - 1 + sizes.length];
    System.arraycopy(in, 0, out, 0, d);
    System.arraycopy(resolved, 0, out, d, sizes.length);
    System.arraycopy(in, d + 1, out, d + sizes.length, in.length - d - 1);
    return out;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().copy(x, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      x.device().kernels().accumulate(dy, dx);
    }
  }

  /** The dimension that is expanded, as given (may be negative). */
  public int dim() {
    return dim;
  }

  /** The sizes it expands into, as given (one may be -1). */
  public int[] sizes() {
    return sizes.clone();
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim + ", unflattened_size=" + Sizes2d.repr(sizes, true).replace(")",
        sizes.length == 1 ? ",)" : ")");
  }
}
