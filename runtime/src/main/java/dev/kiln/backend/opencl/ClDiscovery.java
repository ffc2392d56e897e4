package dev.kiln.backend.opencl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opencl.CL;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;

/** Loads the OpenCL library and lists every platform's devices, or says what was missing. */
final class ClDiscovery {
  /** {@code CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT}, a bit of {@code CL_DEVICE_SINGLE_FP_CONFIG}. */
  private static final int CORRECTLY_ROUNDED_DIVIDE_SQRT = 1 << 7;
  /** {@code CL_DEVICE_DOUBLE_FP_CONFIG} (OpenCL 1.2; 0 without fp64). */
  private static final int DEVICE_DOUBLE_FP_CONFIG = 0x1032;
  private static final String INSTALL =
      "install an OpenCL driver, e.g. apt-get install pocl-opencl-icd ocl-icd-libopencl1";

  /** A device: its platform and device ids and what was learned about it. */
  record Found(long platform, long device, ClDeviceInfo info, boolean correctlyRoundedSqrt) {}

  private ClDiscovery() {}

  static List<Found> run(List<String> libraries) {
    String library = load(libraries);
    try (MemoryStack s = stackPush()) {
      IntBuffer count = s.mallocInt(1);
      int status = clGetPlatformIDs(null, count);
      if (status == -1001 || (status == 0 && count.get(0) == 0)) {
        throw new OpenClUnavailableException("OpenCL library " + library + " reports no platform"
            + " (CL_PLATFORM_NOT_FOUND_KHR): no driver is registered under /etc/OpenCL/vendors"
            + " (or OCL_ICD_VENDORS); " + INSTALL, null);
      }
      ClErrors.check(status, "clGetPlatformIDs");
      PointerBuffer platforms = s.mallocPointer(count.get(0));
      ClErrors.check(clGetPlatformIDs(platforms, (IntBuffer) null), "clGetPlatformIDs");
      List<Found> found = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int p = 0; p < platforms.capacity(); p++) {
        long platform = platforms.get(p);
        String name = ClInfo.platformString(platform, CL_PLATFORM_NAME);
        names.add(name);
        IntBuffer n = s.mallocInt(1);
        status = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, null, n);
        if (status == CL_DEVICE_NOT_FOUND || n.get(0) == 0) {
          continue;
        }
        ClErrors.check(status, "clGetDeviceIDs");
        PointerBuffer ids = s.mallocPointer(n.get(0));
        ClErrors.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids, (IntBuffer) null),
            "clGetDeviceIDs");
        for (int d = 0; d < ids.capacity(); d++) {
          found.add(describe(found.size(), platform, name, ids.get(d)));
        }
      }
      if (found.isEmpty()) {
        throw new OpenClUnavailableException("OpenCL library " + library + " has platforms "
            + names + " but none has a device; " + INSTALL, null);
      }
      return found;
    }
  }

  /** Loads the first library of {@code names} that loads; throws listing each failure. */
  private static String load(List<String> names) {
    Configuration.OPENCL_EXPLICIT_INIT.set(true);
    if (Configuration.DEBUG_STREAM.get() == null) {
      // LWJGL would print advice for each failed name; what was tried goes into our exception.
      Configuration.DEBUG_STREAM.set(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }
    List<String> tried = new ArrayList<>();
    for (String name : names) {
      try {
        CL.create(name);
        return name;
      } catch (LinkageError | RuntimeException e) {
        tried.add(name + " (" + e.getMessage() + ")");
      }
    }
    throw new OpenClUnavailableException("no OpenCL library could be loaded; tried "
        + String.join(", ", tried) + "; " + INSTALL, null);
  }

  private static Found describe(int index, long platform, String platformName, long device) {
    long type = ClInfo.deviceLong(device, CL_DEVICE_TYPE);
    String kind = (type & CL_DEVICE_TYPE_GPU) != 0 ? "GPU"
        : (type & CL_DEVICE_TYPE_CPU) != 0 ? "CPU"
        : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "other";
    boolean fp64;
    try {
      fp64 = ClInfo.deviceLong(device, DEVICE_DOUBLE_FP_CONFIG) != 0;
    } catch (ClException e) {
      fp64 = false; // an OpenCL 1.0/1.1 device without the query
    }
    ClDeviceInfo info = new ClDeviceInfo(index, platformName,
        ClInfo.deviceString(device, CL_DEVICE_NAME), kind,
        ClInfo.deviceString(device, CL_DEVICE_VERSION),
        ClInfo.deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS),
        ClInfo.deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
        ClInfo.deviceLong(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
        ClInfo.deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE),
        ClInfo.deviceSize(device, CL_DEVICE_MAX_WORK_GROUP_SIZE), fp64);
    long single = ClInfo.deviceLong(device, CL_DEVICE_SINGLE_FP_CONFIG);
    return new Found(platform, device, info, (single & CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0);
  }
}
