package dev.kiln.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Eager {@code torch.cat}, with PyTorch 1.13's checks and messages (1-D empty tensors are skipped,
 * as its legacy rule); each input is one {@link dev.kiln.backend.Kernels#sliceCopy} forward, and
 * its gradient one accumulating slice of the output's gradient.
 */
final class CatOp {
  private CatOp() {}

  static Tensor apply(List<Tensor> tensors, int dim) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
    }
    List<Tensor> parts = new ArrayList<>(tensors.size());
    List<Integer> positions = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (t.dim() == 0) {
        throw new IllegalArgumentException(
            "zero-dimensional tensor (at position " + i + ") cannot be concatenated");
      }
      if (!(t.dim() == 1 && t.numel() == 0)) {
        parts.add(t);
        positions.add(i);
      }
    }
    if (parts.isEmpty()) {
      return tensors.get(0).device().zeros(0);
    }
    Tensor first = parts.get(0);
    int d = Shapes.normalizeDim(dim, first.dim());
    int total = 0;
    for (int p = 0; p < parts.size(); p++) {
      Tensor t = parts.get(p);
      Devices.same(first, t);
      if (t.dim() != first.dim()) {
        throw new IllegalArgumentException("Tensors must have same number of dimensions: got "
            + first.dim() + " and " + t.dim());
      }
      for (int k = 0; k < t.dim(); k++) {
        if (k != d && t.size(k) != first.size(k)) {
          throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d
              + ". Expected size " + first.size(k) + " but got size " + t.size(k)
              + " for tensor number " + positions.get(p) + " in the list.");
        }
      }
      total += t.size(d);
    }
    int[] shape = first.shape();
    shape[d] = total;
    Tensor y = first.device().zeros(shape);
    int offset = 0;
    for (Tensor t : parts) {
      y.device().kernels().sliceCopy(t, 0, y, offset, d, t.size(d), false);
      offset += t.size(d);
    }
    if (GradMode.recording(parts.toArray(new Tensor[0]))) {
      y.setGradFn(new Backward(parts.toArray(new Tensor[0]), d));
    }
    return y;
  }

  private static final class Backward extends GradFn {
    private final int dim;

    Backward(Tensor[] parts, int dim) {
      super(parts);
      this.dim = dim;
    }

    @Override
    public Tensor[] backward(Tensor dOut) {
      Tensor[] grads = new Tensor[inputs().size()];
      int offset = 0;
      for (int i = 0; i < grads.length; i++) {
        Tensor t = inputs().get(i);
        if (t.requiresGrad()) {
          grads[i] = Tensor.zerosLike(t);
          t.device().kernels().sliceCopy(dOut, offset, grads[i], 0, dim, t.size(dim), true);
        }
        offset += t.size(dim);
      }
      return grads;
    }

    @Override
    public String name() {
      return "CatBackward";
    }
  }
}
