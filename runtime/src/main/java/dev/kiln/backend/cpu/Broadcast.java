package dev.kiln.backend.cpu;

/**
 * Index arithmetic for broadcasting: for an output shape and an operand shape, the operand's
 * element offset of every output element (stride 0 along broadcast dimensions).
 */
final class Broadcast {
  private Broadcast() {}

  /** Offsets into the operand, one per output element in row-major order. */
  static int[] offsets(int[] outShape, int[] shape) {
    int rank = outShape.length;
    int[] strides = new int[rank];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      int o = i + rank - shape.length;
      strides[o] = shape[i] == 1 ? 0 : s;
      s *= shape[i];
    }
    int n = 1;
    for (int d : outShape) {
      n *= d;
    }
    int[] offsets = new int[n];
    int[] index = new int[rank];
    int off = 0;
    for (int e = 0; e < n; e++) {
      offsets[e] = off;
      for (int d = rank - 1; d >= 0; d--) {
        index[d]++;
        off += strides[d];
        if (index[d] < outShape[d]) {
          break;
        }
        off -= strides[d] * index[d];
        index[d] = 0;
      }
    }
    return offsets;
  }
}
