package dev.kiln.backend.opencl;

import dev.kiln.tensor.Device;
import java.util.List;

/**
 * Run in a child JVM by {@link OpenClAvailabilityTest}: with the given library names (or the
 * default ones), asks for OpenCL explicitly and through {@code kiln.device=opencl}, and prints
 * what happened. Any other throwable (an {@link UnsatisfiedLinkError}) exits non-zero.
 */
public final class OpenClProbe {
  private OpenClProbe() {}

  public static void main(String[] args) {
    if (args.length > 0) {
      OpenCl.useLibraries(List.of(args));
    }
    try {
      System.out.println("device: " + Device.opencl());
    } catch (OpenClUnavailableException e) {
      System.out.println("unavailable: " + e.getMessage());
    }
    System.out.println("available: " + OpenCl.available());
    System.setProperty("kiln.device", "opencl");
    System.out.println("configured: " + Device.configured());
  }
}
