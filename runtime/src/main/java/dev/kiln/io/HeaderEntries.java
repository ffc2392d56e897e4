package dev.kiln.io;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Validates one tensor's header entry on its own: dtype, shape, offsets and byte length. */
final class HeaderEntries {
  private HeaderEntries() {}

  static Header.Entry entry(String source, String name, Object value, long dataLength)
      throws SafeTensorsException {
    String where = source + ": tensor '" + name + "'";
    if (!(value instanceof Map)) {
      throw new SafeTensorsException(where + ": entry is not an object");
    }
    Map<?, ?> info = (Map<?, ?>) value;
    Object dtypeName = info.get("dtype");
    if (dtypeName == null) {
      throw new SafeTensorsException(where + ": missing dtype");
    }
    DType dtype = dtypeName instanceof String ? DType.byName((String) dtypeName) : null;
    if (dtype == null) {
      throw new SafeTensorsException(where + ": unknown dtype " + quoted(dtypeName));
    }
    long[] dims = longs(where, "shape", info.get("shape"), -1);
    long[] offsets = longs(where, "data_offsets", info.get("data_offsets"), 2);
    long numel = 1;
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new SafeTensorsException(where + ": negative dimension " + dims[i] + " in shape "
            + text(dims));
      }
      try {
        numel = Math.multiplyExact(numel, dims[i]);
        Math.multiplyExact(numel, dtype.size());
      } catch (ArithmeticException e) {
        throw new SafeTensorsException(where + ": the element count of shape " + text(dims)
            + " overflows");
      }
      if (dims[i] > Integer.MAX_VALUE) {
        throw new SafeTensorsException(where + ": dimension " + dims[i] + " in shape "
            + text(dims) + " is larger than a Kiln shape holds (" + Integer.MAX_VALUE + ")");
      }
      shape[i] = (int) dims[i];
    }
    long bytes = numel * dtype.size();
    long begin = offsets[0];
    long end = offsets[1];
    if (begin < 0 || end < begin) {
      throw new SafeTensorsException(where + ": data_offsets " + text(offsets)
          + " are not an increasing pair of non-negative offsets");
    }
    if (end - begin != bytes) {
      throw new SafeTensorsException(where + ": data_offsets " + text(offsets) + " span "
          + (end - begin) + " bytes but " + dtype + " shape " + text(dims) + " needs " + numel
          + " * " + dtype.size() + " = " + bytes);
    }
    if (end > dataLength) {
      throw new SafeTensorsException(where + ": data_offsets " + text(offsets)
          + " are out of range: the data holds " + dataLength + " bytes (truncated file?)");
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new SafeTensorsException(where + ": " + bytes + " bytes is more than one tensor can"
          + " hold here (" + Integer.MAX_VALUE + ")");
    }
    return new Header.Entry(name, dtype, shape, begin, end);
  }

  private static long[] longs(String where, String field, Object value, int length)
      throws SafeTensorsException {
    if (value == null) {
      throw new SafeTensorsException(where + ": missing " + field);
    }
    if (!(value instanceof List) || (length >= 0 && ((List<?>) value).size() != length)) {
      throw new SafeTensorsException(where + ": " + field + " must be a list of "
          + (length >= 0 ? length + " " : "") + "integers, got " + value);
    }
    List<?> list = (List<?>) value;
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long)) {
        throw new SafeTensorsException(where + ": " + field + " holds " + list.get(i)
            + ", not an integer");
      }
      out[i] = (Long) list.get(i);
    }
    return out;
  }

  private static String quoted(Object o) {
    return o instanceof String ? "'" + o + "'" : String.valueOf(o);
  }

  private static String text(long[] values) {
    return Arrays.toString(values);
  }
}
