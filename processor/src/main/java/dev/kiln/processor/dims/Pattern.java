package dev.kiln.processor.dims;

import java.util.List;

/**
 * A shape pattern: fixed dimensions with, at position {@code starAt} (or nowhere: -1), one
 * {@code *} that stands for any number of dimensions.
 */
public record Pattern(int starAt, List<Dim> dims) {
  public Pattern {
    dims = List.copyOf(dims);
  }

  /** A pattern with a leading {@code *} (when {@code star}) or none. */
  public Pattern(boolean star, List<Dim> dims) {
    this(star ? 0 : -1, dims);
  }

  public boolean star() {
    return starAt >= 0;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i <= dims.size(); i++) {
      if (i == starAt) {
        b.append(b.length() > 1 ? ", " : "").append('*');
      }
      if (i < dims.size()) {
        b.append(b.length() > 1 ? ", " : "").append(dims.get(i));
      }
    }
    return b.append(')').toString();
  }
}
