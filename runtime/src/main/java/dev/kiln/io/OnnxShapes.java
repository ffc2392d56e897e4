package dev.kiln.io;

import java.util.ArrayList;
import java.util.List;

/** Shape rules of the exported ops over sizes where {@code -1} is known only at run time. */
final class OnnxShapes {
  private OnnxShapes() {}

  /** NumPy broadcasting: a 1 takes the other's size; an unknown size takes a known one. */
  static long[] broadcast(long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      out[i] = x == 1 ? y : y == 1 ? x : x < 0 ? y : x;
    }
    return out;
  }

  /** {@code (..., n, k) @ (..., k, m) -> (..., n, m)}, the leading sizes broadcast. */
  static long[] matmul(long[] a, long[] b) {
    long[] lead = broadcast(java.util.Arrays.copyOf(a, a.length - 2),
        java.util.Arrays.copyOf(b, b.length - 2));
    long[] out = java.util.Arrays.copyOf(lead, lead.length + 2);
    out[lead.length] = a[a.length - 2];
    out[lead.length + 1] = b[b.length - 1];
    return out;
  }

  /** Sizes {@code start..end} multiplied into one (unknown if any of them is). */
  static long[] flatten(long[] s, int start, int end) {
    long[] out = new long[s.length - (end - start)];
    System.arraycopy(s, 0, out, 0, start);
    long product = 1;
    for (int i = start; i <= end; i++) {
      product = s[i] < 0 || product < 0 ? -1 : product * s[i];
    }
    out[start] = product;
    System.arraycopy(s, end + 1, out, start + 1, s.length - end - 1);
    return out;
  }

  static List<Long> boxed(long[] s) {
    List<Long> out = new ArrayList<>(s.length);
    for (long d : s) {
      out.add(d);
    }
    return out;
  }

  static String text(long[] s) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) {
      b.append(i > 0 ? ", " : "").append(s[i] < 0 ? "?" : Long.toString(s[i]));
    }
    return b.append(s.length == 1 ? ",)" : ")").toString();
  }
}
