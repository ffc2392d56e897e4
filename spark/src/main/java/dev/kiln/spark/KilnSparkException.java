package dev.kiln.spark;

/**
 * A Kiln job on Spark that cannot run as asked (weights missing, malformed or not matching the
 * model; an input column of the wrong type or size). Thrown on the driver before any task runs
 * wherever the problem can be seen there, so the message is Kiln's, not an executor's trace.
 */
public final class KilnSparkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KilnSparkException(String message) {
    super(message);
  }

  public KilnSparkException(String message, Throwable cause) {
    super(message, cause);
  }
}
