package dev.kiln.tensor;

import java.util.Locale;

/** PyTorch-like printing: {@code tensor([[0.1000, -2.0000]], grad_fn=<AddBackward>)}. */
final class TensorFormat {
  private static final int MAX_ELEMENTS = 1000;

  private TensorFormat() {}

  static String format(Tensor t) {
    StringBuilder b = new StringBuilder("tensor(");
    if (t.numel() > MAX_ELEMENTS) {
      b.append("<").append(t.numel()).append(" elements>, shape=").append(Shapes.toString(t.shape()));
    } else {
      float[] data = t.toFloatArray();
      appendDim(b, data, t.shape(), 0, 0);
    }
    if (t.gradFn() != null) {
      b.append(", grad_fn=<").append(t.gradFn().name()).append('>');
    } else if (t.requiresGrad()) {
      b.append(", requires_grad=True");
    }
    return b.append(')').toString();
  }

  private static int appendDim(StringBuilder b, float[] data, int[] shape, int dim, int offset) {
    if (dim == shape.length) {
      b.append(String.format(Locale.ROOT, "%.4f", data[offset]));
      return offset + 1;
    }
    b.append('[');
    for (int i = 0; i < shape[dim]; i++) {
      if (i > 0) {
        b.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(8 + dim));
      }
      offset = appendDim(b, data, shape, dim + 1, offset);
    }
    b.append(']');
    return offset;
  }
}
