package dev.kiln.io;

import java.io.IOException;

/**
 * A PyTorch {@code .pt} file that Kiln refuses: malformed, hostile (a global outside the
 * allow-list, sizes past the limits), or in a format it does not read (the legacy pre-1.6 format,
 * TorchScript). The message names the file and the problem; nothing was loaded or executed.
 */
public final class TorchFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public TorchFileException(String message) {
    super(message);
  }

  static TorchFileException fail(String source, String problem) {
    return new TorchFileException(source + ": " + problem);
  }
}
