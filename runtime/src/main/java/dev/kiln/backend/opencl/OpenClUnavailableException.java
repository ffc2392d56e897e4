package dev.kiln.backend.opencl;

/**
 * OpenCL cannot be used here: no OpenCL library could be loaded, it reports no platform, or no
 * platform has a device. The message says what was tried.
 */
public final class OpenClUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OpenClUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
