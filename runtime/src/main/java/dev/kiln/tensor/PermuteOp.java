package dev.kiln.tensor;

/**
 * Eager {@code permute} and {@code transpose} (copies in the new order; Kiln tensors are always
 * dense), and their backward: the inverse permutation of the gradient.
 */
final class PermuteOp {
  private PermuteOp() {}

  /** {@code x.permute(dims)}: dimension {@code i} of the result is {@code dims[i]} of x. */
  static Tensor permute(Tensor x, int[] dims) {
    if (dims.length != x.dim()) {
      throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor"
          + " input does not match the length of the desired ordering of dimensions i.e."
          + " input.dim() = " + x.dim() + " is not equal to len(dims) = " + dims.length);
    }
    int[] perm = new int[dims.length];
    boolean[] seen = new boolean[dims.length];
    for (int i = 0; i < dims.length; i++) {
      perm[i] = Shapes.normalizeDim(dims[i], x.dim());
      if (seen[perm[i]]) {
        throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
      }
      seen[perm[i]] = true;
    }
    return apply(x, perm, "PermuteBackward");
  }

  /** {@code x.transpose(d0, d1)}: the two dimensions swapped. */
  static Tensor transpose(Tensor x, int d0, int d1) {
    int a = Shapes.normalizeDim(d0, x.dim());
    int b = Shapes.normalizeDim(d1, x.dim());
    int[] perm = new int[x.dim()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i == a ? b : i == b ? a : i;
    }
    return apply(x, perm, "TransposeBackward");
  }

  private static Tensor apply(Tensor x, int[] perm, String name) {
    int[] shape = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      shape[i] = x.size(perm[i]);
    }
    Tensor y = x.device().zeros(shape);
    x.device().kernels().permute(x, perm, y);
    if (GradMode.recording(x)) {
      y.setGradFn(new Backward(x, perm, name));
    }
    return y;
  }

  private static final class Backward extends GradFn {
    private final int[] perm;
    private final String name;

    Backward(Tensor x, int[] perm, String name) {
      super(x);
      this.perm = perm;
      this.name = name;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor dx = Tensor.zerosLike(inputs().get(0));
      dx.device().kernels().permuteBackward(dOut, perm, dx);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return name;
    }
  }
}
