package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Sums and broadcast adds over a contiguous run of a plane, eight lanes at a time. */
final class VectorWindows {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private VectorWindows() {}

  /** {@code a[off] + ... + a[off + n - 1]}, in lane order then the tail. */
  static float sum(float[] a, int off, int n) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (int end = S.loopBound(n); i < end; i += S.length()) {
      acc = acc.add(FloatVector.fromArray(S, a, off + i));
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[off + i];
    }
    return s;
  }

  /** {@code a[off .. off + n - 1] += g}. */
  static void add(float[] a, int off, int n, float g) {
    FloatVector v = FloatVector.broadcast(S, g);
    int i = 0;
    for (int end = S.loopBound(n); i < end; i += S.length()) {
      FloatVector.fromArray(S, a, off + i).add(v).intoArray(a, off + i);
    }
    for (; i < n; i++) {
      a[off + i] += g;
    }
  }
}
