package dev.kiln.tensor;

import java.util.Arrays;

/** Shape arithmetic: element counts, broadcasting, reshape inference, formatting. */
public final class Shapes {
  private Shapes() {}

  public static int numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + toString(shape) + " has too many elements");
      }
    }
    return (int) n;
  }

  /** PyTorch's spelling: {@code (5, 3)}, {@code (16)}, {@code ()}. */
  public static String toString(int[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      b.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return b.append(')').toString();
  }

  /** The broadcast shape of {@code a} and {@code b}, or an exception naming both. */
  public static int[] broadcast(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "shapes " + toString(a) + " and " + toString(b) + " cannot be broadcast (dimension "
                + i + ": " + da + " vs " + db + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Resolves one {@code -1} in {@code target} and checks the element count, with PyTorch's
   * messages ({@code infer_size}): "shape '[2, -1, 5]' is invalid for input of size 12", "only one
   * dimension can be inferred", "invalid shape dimension -2".
   */
  public static int[] inferReshape(int[] from, int[] target) {
    int[] out = target.clone();
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("only one dimension can be inferred");
        }
        unknown = i;
      } else if (out[i] < 0) {
        throw new IllegalArgumentException("invalid shape dimension " + out[i]);
      } else {
        known *= out[i];
      }
    }
    int n = numel(from);
    if (n == known || (unknown >= 0 && known > 0 && n % known == 0)) {
      if (unknown >= 0) {
        if (known == 0) {
          throw new IllegalArgumentException("cannot reshape tensor of 0 elements into shape "
              + list(target) + " because the unspecified dimension size -1 can be any value and"
              + " is ambiguous");
        }
        out[unknown] = (int) (n / known);
      }
      return out;
    }
    throw new IllegalArgumentException(
        "shape '" + list(target) + "' is invalid for input of size " + n);
  }

  /** Python's list spelling, as PyTorch's messages print sizes: {@code [2, -1, 5]}. */
  public static String list(int[] shape) {
    return Arrays.toString(shape);
  }

  /** The shape after flattening dimensions {@code start..end} (inclusive; negative from the end). */
  public static int[] flatten(int[] shape, int start, int end) {
    int r = Math.max(shape.length, 1);
    int s = start < 0 ? start + r : start;
    int e = end < 0 ? end + r : end;
    if (s < 0 || e >= r || s > e) {
      throw new IllegalArgumentException(
          "flatten(" + start + ", " + end + ") out of range for shape " + toString(shape));
    }
    if (shape.length == 0) {
      return new int[] {1};
    }
    int[] out = new int[shape.length - (e - s)];
    System.arraycopy(shape, 0, out, 0, s);
    out[s] = numel(Arrays.copyOfRange(shape, s, e + 1));
    System.arraycopy(shape, e + 1, out, s + 1, shape.length - e - 1);
    return out;
  }

  /**
   * {@code d} as an index into a shape of rank {@code rank} (negative counts from the end; a 0-d
   * shape accepts 0 and -1, as PyTorch), or PyTorch's exception: "Dimension out of range
   * (expected to be in range of [-3, 2], but got 3)".
   */
  public static int normalizeDim(int d, int rank) {
    int r = Math.max(rank, 1);
    if (d < -r || d >= r) {
      throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of ["
          + -r + ", " + (r - 1) + "], but got " + d + ")");
    }
    return d < 0 ? d + r : d;
  }

  /** {@code shape} without dimension {@code d} (already normalised); a 0-d shape stays 0-d. */
  public static int[] removeDim(int[] shape, int d) {
    if (shape.length == 0) {
      return shape.clone();
    }
    int[] out = new int[shape.length - 1];
    System.arraycopy(shape, 0, out, 0, d);
    System.arraycopy(shape, d + 1, out, d, shape.length - d - 1);
    return out;
  }

  /** {@code shape} with a dimension of size {@code size} inserted at {@code d}. */
  public static int[] insertDim(int[] shape, int d, int size) {
    int[] out = new int[shape.length + 1];
    System.arraycopy(shape, 0, out, 0, d);
    out[d] = size;
    System.arraycopy(shape, d, out, d + 1, shape.length - d);
    return out;
  }

  /** The size of dimension {@code dim} (normalised) of {@code x}; 1 for a 0-d tensor. */
  public static int extent(Tensor x, int dim) {
    return x.dim() == 0 ? 1 : x.size(dim);
  }

  /** The product of the sizes after dimension {@code dim} (normalised): its element stride. */
  public static int inner(Tensor x, int dim) {
    int inner = 1;
    for (int i = dim + 1; i < x.dim(); i++) {
      inner *= x.size(i);
    }
    return inner;
  }
}
