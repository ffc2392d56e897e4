package dev.kiln.processor.dims;

import java.util.List;

/** A symbolic tensor shape of known rank. */
public record Shape(List<Dim> dims) {
  public Shape {
    dims = List.copyOf(dims);
  }

  public int rank() {
    return dims.size();
  }

  public Dim get(int i) {
    return dims.get(i);
  }

  /** PyTorch's spelling with symbols: {@code (B, 16)}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (Dim d : dims) {
      b.append(b.length() > 1 ? ", " : "").append(d);
    }
    return b.append(')').toString();
  }
}
