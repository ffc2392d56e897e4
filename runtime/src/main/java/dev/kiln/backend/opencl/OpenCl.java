package dev.kiln.backend.opencl;

import dev.kiln.tensor.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry to the OpenCL runtime: loads the OpenCL library once (explicitly, trying {@code
 * libOpenCL.so.1} then {@code libOpenCL.so}), discovers platforms and devices, and hands out one
 * {@link Device} per OpenCL device. When OpenCL is unusable, every call but {@link #available()}
 * throws the same {@link OpenClUnavailableException}; no {@link UnsatisfiedLinkError} escapes.
 */
public final class OpenCl {
  static final List<String> LIBRARIES = List.of("libOpenCL.so.1", "libOpenCL.so");

  private static List<String> libraries = LIBRARIES;
  private static List<ClDiscovery.Found> found;
  private static OpenClUnavailableException failure;
  private static ClDevice[] devices;

  private OpenCl() {}

  /** True when at least one OpenCL device can be used. */
  public static synchronized boolean available() {
    discover();
    return failure == null;
  }

  /** Every OpenCL device, in platform order then device order ({@code opencl:N} numbering). */
  public static synchronized List<ClDeviceInfo> devices() {
    List<ClDeviceInfo> out = new ArrayList<>();
    for (ClDiscovery.Found f : discovered()) {
      out.add(f.info());
    }
    return out;
  }

  /**
   * The device at {@code index}, or for {@code -1} the first GPU (else the first device); created
   * (context and queue) on first use and kept.
   */
  public static synchronized Device device(int index) {
    List<ClDiscovery.Found> all = discovered();
    if (index == -1) {
      index = 0;
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).info().type().equals("GPU")) {
          index = i;
        }
      }
    }
    if (index < 0 || index >= all.size()) {
      throw new IllegalArgumentException("no OpenCL device opencl:" + index + "; there are "
          + all.size() + ": " + all.stream().map(f -> f.info().name()).toList());
    }
    if (devices[index] == null) {
      devices[index] = new ClDevice(all.get(index));
    }
    return devices[index];
  }

  /** Test seam: the library names to try, set before the first discovery. */
  static synchronized void useLibraries(List<String> names) {
    libraries = List.copyOf(names);
  }

  private static List<ClDiscovery.Found> discovered() {
    discover();
    if (failure != null) {
      throw new OpenClUnavailableException(failure.getMessage(), failure);
    }
    return found;
  }

  private static void discover() {
    if (found != null || failure != null) {
      return;
    }
    try {
      found = ClDiscovery.run(libraries);
      devices = new ClDevice[found.size()];
      SignalChaining.check();
    } catch (OpenClUnavailableException e) {
      failure = e;
    } catch (LinkageError e) {
      failure = new OpenClUnavailableException("LWJGL's OpenCL binding could not be loaded: " + e
          + "; put org.lwjgl:lwjgl, its natives and lwjgl-opencl on the class path", e);
    }
  }
}
