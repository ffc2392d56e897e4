package dev.kiln.backend.opencl;

/** An OpenCL call returned an error status; the message names the call and the status. */
public class ClException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  ClException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** The OpenCL status code, e.g. -5 for {@code CL_OUT_OF_RESOURCES}. */
  public final int status() {
    return status;
  }
}
