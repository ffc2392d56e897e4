package dev.kiln.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * The column holding one sample per row, and how to read it into a batch of floats: from a
 * {@link Row} (training) or straight from Spark's internal rows (inference, no boxing: an
 * {@code array<float>} in Spark's binary format is copied with one memory copy).
 *
 * @param index the column's position in the rows read
 * @param sampleShape one sample's shape, or null for a vector of the first row's length
 * @param containsNull whether the array type admits null elements (then each is checked)
 */
record InputColumn(String name, int index, Kind kind, int[] sampleShape, boolean containsNull)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Kind { FLOATS, DOUBLES, BYTES }

  /** The number of values in {@code row}'s sample. */
  int length(Row row) {
    check(row);
    return kind == Kind.BYTES ? ((byte[]) row.get(index)).length : row.getList(index).size();
  }

  /** Copies {@code row}'s sample into {@code dst} at {@code offset}; it must hold {@code n} values. */
  void read(Row row, float[] dst, int offset, int n) {
    if (length(row) != n) {
      throw new KilnSparkException("column '" + name + "' holds " + length(row)
          + " values in a row, but the model's sample shape needs " + n + ": " + abbreviate(row));
    }
    switch (kind) {
      case BYTES -> {
        byte[] b = (byte[]) row.get(index);
        for (int i = 0; i < n; i++) {
          dst[offset + i] = (b[i] & 0xFF) / 255f;
        }
      }
      case FLOATS -> {
        List<Float> v = row.getList(index);
        for (int i = 0; i < n; i++) {
          dst[offset + i] = v.get(i);
        }
      }
      case DOUBLES -> {
        List<Double> v = row.getList(index);
        for (int i = 0; i < n; i++) {
          dst[offset + i] = v.get(i).floatValue();
        }
      }
    }
  }

  /** The number of values in an internal row's sample. */
  int length(InternalRow row) {
    if (row.isNullAt(index)) {
      throw new KilnSparkException("column '" + name + "' is null in a row");
    }
    return kind == Kind.BYTES ? row.getBinary(index).length : row.getArray(index).numElements();
  }

  /** Copies an internal row's sample into {@code dst} at {@code offset}: {@code n} values. */
  void read(InternalRow row, float[] dst, int offset, int n) {
    int length = length(row);
    if (length != n) {
      throw new KilnSparkException("column '" + name + "' holds " + length
          + " values in a row, but the model's sample shape needs " + n);
    }
    if (kind == Kind.BYTES) {
      byte[] b = row.getBinary(index);
      for (int i = 0; i < n; i++) {
        dst[offset + i] = (b[i] & 0xFF) / 255f;
      }
      return;
    }
    ArrayData a = row.getArray(index);
    if (containsNull) {
      for (int i = 0; i < n; i++) {
        if (a.isNullAt(i)) {
          throw new KilnSparkException("column '" + name + "' holds a null value at " + i
              + " in a row");
        }
      }
    }
    if (kind == Kind.FLOATS && a instanceof UnsafeArrayData u) {
      long header = UnsafeArrayData.calculateHeaderPortionInBytes(n);
      Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + header, dst,
          Platform.FLOAT_ARRAY_OFFSET + 4L * offset, 4L * n);
    } else if (kind == Kind.FLOATS) {
      for (int i = 0; i < n; i++) {
        dst[offset + i] = a.getFloat(i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        dst[offset + i] = (float) a.getDouble(i);
      }
    }
  }

  private void check(Row row) {
    if (row.isNullAt(index)) {
      throw new KilnSparkException("column '" + name + "' is null in a row: " + abbreviate(row));
    }
  }

  private static String abbreviate(Row row) {
    String s = row.toString();
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
