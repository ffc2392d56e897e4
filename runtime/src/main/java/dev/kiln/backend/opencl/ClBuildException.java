package dev.kiln.backend.opencl;

/** A kernel's program failed to build; the message holds the kernel name and the build log. */
public final class ClBuildException extends ClException {
  private static final long serialVersionUID = 1L;
  private final String kernel;
  private final String log;

  ClBuildException(String kernel, String family, String device, int status, String log) {
    super("building kernel '" + kernel + "' (" + family + ") for " + device + " failed: "
        + ClErrors.name(status) + "\n--- build log ---\n" + log, status);
    this.kernel = kernel;
    this.log = log;
  }

  /** The kernel whose program was being built. */
  public String kernel() {
    return kernel;
  }

  /** The compiler's full build log. */
  public String log() {
    return log;
  }
}
