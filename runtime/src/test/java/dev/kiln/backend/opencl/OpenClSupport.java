package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.tensor.Device;

/**
 * The OpenCL device for tests: skips the test (printing why, once) when there is none, or fails
 * it when {@code KILN_REQUIRE_OPENCL=1} says OpenCL must be there (CI).
 */
public final class OpenClSupport {
  private static boolean told;

  private OpenClSupport() {}

  /** The default OpenCL device, or a skip/failure with the reason. */
  public static synchronized Device device() {
    if (!OpenCl.available()) {
      String why;
      try {
        OpenCl.devices();
        why = "unknown";
      } catch (OpenClUnavailableException e) {
        why = e.getMessage();
      }
      if ("1".equals(System.getenv("KILN_REQUIRE_OPENCL"))) {
        fail("KILN_REQUIRE_OPENCL=1 but OpenCL is unavailable: " + why);
      }
      if (!told) {
        told = true;
        System.err.println("Skipping the OpenCL tests: " + why);
      }
      assumeTrue(false, "OpenCL unavailable: " + why);
    }
    return Device.opencl();
  }
}
