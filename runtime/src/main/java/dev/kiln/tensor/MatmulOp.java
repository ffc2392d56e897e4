package dev.kiln.tensor;

/** Eager matrix product with batch broadcasting, and its backward. */
final class MatmulOp {
  private MatmulOp() {}

  static Tensor apply(Tensor a, Tensor b) {
    Devices.same(a, b);
    Tensor out = a.device().zeros(outputShape(a.shape(), b.shape()));
    a.device().kernels().matmul(a, b, out);
    if (GradMode.recording(a, b)) {
      out.setGradFn(new Backward(a, b));
    }
    return out;
  }

  /** {@code (..., n, k) @ (..., k, m) -> (broadcast(...), n, m)}. */
  static int[] outputShape(int[] a, int[] b) {
    if (a.length < 2 || b.length < 2) {
      throw new IllegalArgumentException(
          "matmul needs operands with at least 2 dimensions, got " + Shapes.toString(a) + " and "
              + Shapes.toString(b) + "; reshape a vector to (1, n) or (n, 1)");
    }
    int n = a[a.length - 2];
    int k = a[a.length - 1];
    if (b[b.length - 2] != k) {
      throw new IllegalArgumentException(
          "matmul shapes cannot be multiplied: " + Shapes.toString(a) + " and "
              + Shapes.toString(b) + " (" + k + " vs " + b[b.length - 2] + ")");
    }
    int[] batchA = java.util.Arrays.copyOf(a, a.length - 2);
    int[] batchB = java.util.Arrays.copyOf(b, b.length - 2);
    int[] batch = Shapes.broadcast(batchA, batchB);
    int[] out = java.util.Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = n;
    out[batch.length + 1] = b[b.length - 1];
    return out;
  }

  private static final class Backward extends GradFn {
    Backward(Tensor a, Tensor b) {
      super(a, b);
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor a = inputs().get(0);
      Tensor b = inputs().get(1);
      Tensor da = a.requiresGrad() ? Tensor.zerosLike(a) : null;
      Tensor db = b.requiresGrad() ? Tensor.zerosLike(b) : null;
      a.device().kernels().matmulBackward(a, b, dOut, da, db);
      return new Tensor[] {da, db};
    }

    @Override
    public String name() {
      return "MmBackward";
    }
  }
}
