package dev.kiln.io;

import java.io.IOException;

/**
 * A safetensors file that is malformed or holds values that cannot be loaded as asked. The
 * message names the file, the problem and, where there is one, the tensor. Nothing was loaded.
 */
public final class SafeTensorsException extends IOException {
  private static final long serialVersionUID = 1L;

  public SafeTensorsException(String message) {
    super(message);
  }
}
