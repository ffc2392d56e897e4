package dev.kiln.processor.dims;

import java.util.List;

/** A shape pattern: optional leading {@code *} (any leading dimensions) then fixed dimensions. */
public record Pattern(boolean star, List<Dim> dims) {
  public Pattern {
    dims = List.copyOf(dims);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("(").append(star ? "*" : "");
    for (Dim d : dims) {
      b.append(b.length() > 1 ? ", " : "").append(d);
    }
    return b.append(')').toString();
  }
}
