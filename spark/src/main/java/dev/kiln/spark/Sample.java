package dev.kiln.spark;

import java.io.Serializable;

/** One training row on its way to its worker: its index in the input, features and label. */
record Sample(long index, float[] x, float y) implements Serializable {
  private static final long serialVersionUID = 1L;
}
