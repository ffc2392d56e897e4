package dev.kiln.backend;

/** Memory holding a tensor's float32 elements on one device. */
public interface Buffer {
  /** Number of float elements. */
  int size();
}
