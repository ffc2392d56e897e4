package dev.kiln.data;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Tensors sharing their first dimension {@code N}, as {@code torch.utils.data.TensorDataset}:
 * sample {@code i} is row {@code i} of each, e.g. images {@code (N, 1, 28, 28)} and labels
 * {@code (N)} give samples {@code [(1, 28, 28), ()]}.
 */
public final class TensorDataset implements Dataset<Tensor[]> {
  private final Tensor[] tensors;

  /**
   * Wraps {@code tensors} (not copied), CPU tensors of at least one dimension sharing their first
   * dimension {@code N}.
   *
   * @throws IllegalArgumentException naming the shapes when the first dimensions differ
   */
  public TensorDataset(Tensor... tensors) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("TensorDataset needs at least one tensor");
    }
    for (Tensor t : tensors) {
      Rows.array(t);
      if (t.dim() == 0) {
        throw new IllegalArgumentException("TensorDataset tensors need a first (sample)"
            + " dimension; got a scalar of shape ()");
      }
      if (t.size(0) != tensors[0].size(0)) {
        throw new IllegalArgumentException("TensorDataset tensors must share their first"
            + " dimension: " + String.join(", ", Arrays.stream(tensors)
                .map(x -> Shapes.toString(x.shape())).toList()));
      }
    }
    this.tensors = tensors.clone();
  }

  /** The whole tensors (not copies). */
  public Tensor[] tensors() {
    return tensors.clone();
  }

  @Override
  public int size() {
    return tensors[0].size(0);
  }

  /** Row {@code index} of each tensor as new tensors, e.g. {@code [(1, 28, 28), ()]}. */
  @Override
  public Tensor[] get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("index " + index + " of a dataset of " + size());
    }
    Tensor[] row = new Tensor[tensors.length];
    for (int k = 0; k < tensors.length; k++) {
      int[] shape = tensors[k].shape();
      int width = Rows.width(tensors[k]);
      float[] data = new float[width];
      System.arraycopy(Rows.array(tensors[k]), index * width, data, 0, width);
      row[k] = new Tensor(Device.cpu(), new CpuBuffer(data),
          Arrays.copyOfRange(shape, 1, shape.length));
    }
    return row;
  }
}
