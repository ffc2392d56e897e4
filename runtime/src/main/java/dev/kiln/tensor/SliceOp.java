package dev.kiln.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Eager {@code narrow}, {@code select}, {@code split} and {@code chunk} (copies of a range along
 * one dimension), with PyTorch's checks and messages; forward and backward both run {@link
 * dev.kiln.backend.Kernels#sliceCopy}, the backward adding into a zero gradient.
 */
final class SliceOp {
  private SliceOp() {}

  static Tensor narrow(Tensor x, int dim, int start, int length) {
    if (x.dim() == 0) {
      throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
    }
    int d = Shapes.normalizeDim(dim, x.dim());
    int size = x.size(d);
    // PyTorch wraps start like a dimension, except start == size (an empty slice at the end)
    int s = start == size ? start : Shapes.normalizeDim(start, size);
    if (length < 0 || s > size - length) {
      throw new IllegalArgumentException("start (" + s + ") + length (" + length
          + ") exceeds dimension size (" + size + ").");
    }
    int[] shape = x.shape();
    shape[d] = length;
    return apply(x, d, s, length, shape, "SliceBackward");
  }

  static Tensor select(Tensor x, int dim, int index) {
    if (x.dim() == 0) {
      throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
    }
    int d = Shapes.normalizeDim(dim, x.dim());
    int size = x.size(d);
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException("select(): index " + index
          + " out of range for tensor of size " + Shapes.list(x.shape()) + " at dimension " + d);
    }
    int i = index < 0 ? index + size : index;
    return apply(x, d, i, 1, Shapes.removeDim(x.shape(), d), "SelectBackward");
  }

  static List<Tensor> split(Tensor x, int splitSize, int dim) {
    if (x.dim() == 0) {
      throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
    }
    int d = Shapes.normalizeDim(dim, x.dim());
    int size = x.size(d);
    if (splitSize < 0) {
      throw new IllegalArgumentException(
          "split expects split_size be non-negative, but got split_size=" + splitSize);
    }
    if (splitSize == 0 && size != 0) {
      throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but"
          + " got dimension size of " + size);
    }
    int pieces = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
    return pieces(x, d, splitSize, pieces);
  }

  static List<Tensor> chunk(Tensor x, int chunks, int dim) {
    if (x.dim() == 0) {
      throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
    }
    if (chunks <= 0) {
      throw new IllegalArgumentException(
          "chunk expects `chunks` to be greater than 0, got: " + chunks);
    }
    int d = Shapes.normalizeDim(dim, x.dim());
    int size = x.size(d);
    int splitSize = (size + chunks - 1) / chunks;
    if (size == 0) {
      return pieces(x, d, 0, chunks);
    }
    return split(x, splitSize, d);
  }

  private static List<Tensor> pieces(Tensor x, int d, int splitSize, int count) {
    List<Tensor> out = new ArrayList<>(count);
    int size = x.size(d);
    for (int p = 0; p < count; p++) {
      int start = Math.min(p * splitSize, size);
      int length = Math.min(splitSize, size - start);
      int[] shape = x.shape();
      shape[d] = length;
      out.add(apply(x, d, start, length, shape, "SplitBackward"));
    }
    return out;
  }

  private static Tensor apply(Tensor x, int d, int start, int length, int[] shape, String name) {
    Tensor y = x.device().zeros(shape);
    x.device().kernels().sliceCopy(x, start, y, 0, d, length, false);
    if (GradMode.recording(x)) {
      y.setGradFn(new Backward(x, d, start, length, name));
    }
    return y;
  }

  private static final class Backward extends GradFn {
    private final int dim;
    private final int start;
    private final int length;
    private final String name;

    Backward(Tensor x, int dim, int start, int length, String name) {
      super(x);
      this.dim = dim;
      this.start = start;
      this.length = length;
      this.name = name;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor x = inputs().get(0);
      Tensor dx = Tensor.zerosLike(x);
      Tensor g = dOut;
      if (dOut.dim() < x.dim()) { // select: the gradient seen with the dimension kept, size 1
        g = new Tensor(dOut.device(), dOut.buffer(), Shapes.insertDim(dOut.shape(), dim, 1));
      }
      dx.device().kernels().sliceCopy(g, 0, dx, start, dim, length, true);
      return new Tensor[] {dx};
    }

    @Override
    public String name() {
      return name;
    }
  }
}
