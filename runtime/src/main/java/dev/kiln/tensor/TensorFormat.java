package dev.kiln.tensor;

import java.util.Locale;

/**
 * PyTorch's printing: {@code tensor([[ 0.1000, -2.0000]], grad_fn=<AddBackward>)}. Values get
 * four decimals ({@code 1.} style when all are whole numbers), right-aligned to one width.
 */
final class TensorFormat {
  private static final int MAX_ELEMENTS = 1000;

  private TensorFormat() {}

  static String format(Tensor t) {
    StringBuilder b = new StringBuilder("tensor(");
    if (t.numel() > MAX_ELEMENTS) {
      b.append("<").append(t.numel()).append(" elements>, shape=").append(Shapes.toString(t.shape()));
    } else {
      float[] data = t.toFloatArray();
      String[] cells = cells(data);
      appendDim(b, cells, t.shape(), 0, 0);
    }
    if (t.gradFn() != null) {
      b.append(", grad_fn=<").append(t.gradFn().name()).append('>');
    } else if (t.requiresGrad()) {
      b.append(", requires_grad=True");
    }
    return b.append(')').toString();
  }

  private static String[] cells(float[] data) {
    boolean whole = true;
    for (float v : data) {
      whole &= Float.isFinite(v) && v == Math.rint(v);
    }
    String[] cells = new String[data.length];
    int width = 0;
    for (int i = 0; i < data.length; i++) {
      cells[i] = whole ? String.format(Locale.ROOT, "%.0f.", data[i])
          : String.format(Locale.ROOT, "%.4f", data[i]);
      width = Math.max(width, cells[i].length());
    }
    for (int i = 0; i < cells.length; i++) {
      cells[i] = " ".repeat(width - cells[i].length()) + cells[i];
    }
    return cells;
  }

  private static int appendDim(StringBuilder b, String[] cells, int[] shape, int dim, int offset) {
    if (dim == shape.length) {
      b.append(cells[offset]);
      return offset + 1;
    }
    b.append('[');
    for (int i = 0; i < shape[dim]; i++) {
      if (i > 0) {
        b.append(dim == shape.length - 1 ? ", "
            : "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(8 + dim));
      }
      offset = appendDim(b, cells, shape, dim + 1, offset);
    }
    b.append(']');
    return offset;
  }
}
