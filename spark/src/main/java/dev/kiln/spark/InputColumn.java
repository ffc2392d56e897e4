package dev.kiln.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The column holding one sample per row, and how to read it into a batch of floats.
 *
 * @param sampleShape one sample's shape, or null for a vector of the first row's length
 */
record InputColumn(String name, int index, Kind kind, int[] sampleShape) implements Serializable {
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
