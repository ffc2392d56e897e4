package dev.kiln.backend.cpu;

import dev.kiln.backend.Buffer;

/** A buffer on the Java heap. */
public final class CpuBuffer implements Buffer {
  private final float[] data;

  /** Wraps {@code data} without copying. */
  public CpuBuffer(float[] data) {
    this.data = data;
  }

  /** The backing array (not a copy). */
  public float[] array() {
    return data;
  }

  @Override
  public int size() {
    return data.length;
  }
}
