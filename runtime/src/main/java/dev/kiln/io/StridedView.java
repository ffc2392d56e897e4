package dev.kiln.io;

import dev.kiln.io.Pickled.TensorView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checks a tensor's strided view against its storage before anything is read, then copies the
 * viewed elements out in row-major order, little-endian (swapping bytes for a big-endian file). A
 * contiguous little-endian view is returned as a slice of the storage, not copied.
 */
final class StridedView {
  private StridedView() {}

  /**
   * Why {@code v} does not fit its storage, or {@code null}: sizes, strides and the offset must be
   * non-negative, the element count an {@code int}, no larger than the storage's (an expanded,
   * stride-0 view is refused: save it with {@code .contiguous()}), and the last element inside it.
   */
  static String problem(TensorView v) {
    long numel = 1;
    long last = v.offset();
    if (v.offset() < 0 || v.size().length != v.stride().length) {
      return "a negative offset or sizes and strides of different ranks";
    }
    for (int d = 0; d < v.size().length; d++) {
      if (v.size()[d] < 0 || v.stride()[d] < 0) {
        return "a negative size or stride";
      }
      if (v.size()[d] > Integer.MAX_VALUE || numel * v.size()[d] > Integer.MAX_VALUE) {
        return "more than " + Integer.MAX_VALUE + " elements";
      }
      numel *= v.size()[d];
      if (v.size()[d] > 0) {
        try {
          last = Math.addExact(last, Math.multiplyExact(v.size()[d] - 1, v.stride()[d]));
        } catch (ArithmeticException e) {
          return "an element index past 2^63";
        }
      }
    }
    if (numel > 0 && last >= v.storage().numel()) {
      return "an element at index " + last + ", past its storage's " + v.storage().numel();
    }
    if (numel > v.storage().numel()) {
      return numel + " elements, more than its storage's " + v.storage().numel()
          + " (an expanded view: save it with .contiguous())";
    }
    return null;
  }

  /** The viewed elements of {@code storage} (a checked view of the right size). */
  static ByteBuffer copy(TensorView v, ByteBuffer storage, boolean bigEndian) {
    int esize = v.storage().dtype().size();
    int rank = v.size().length;
    int numel = 1;
    boolean contiguous = true;
    for (int d = rank - 1; d >= 0; d--) {
      contiguous &= v.size()[d] == 1 || v.stride()[d] == numel;
      numel *= (int) v.size()[d];
    }
    if (numel == 0) {
      return ByteBuffer.allocate(0);
    }
    if (contiguous && (!bigEndian || esize == 1)) {
      return storage.slice((int) v.offset() * esize, numel * esize);
    }
    byte[] out = new byte[numel * esize];
    int[] index = new int[rank];
    long src = v.offset();
    for (int i = 0; i < numel; i++) {
      for (int b = 0; b < esize; b++) {
        out[i * esize + b] = storage.get((int) src * esize + (bigEndian ? esize - 1 - b : b));
      }
      for (int d = rank - 1; d >= 0; d--) { // odometer: next index, carrying leftwards
        src += v.stride()[d];
        if (++index[d] < v.size()[d]) {
          break;
        }
        src -= v.size()[d] * v.stride()[d];
        index[d] = 0;
      }
    }
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
  }
}
