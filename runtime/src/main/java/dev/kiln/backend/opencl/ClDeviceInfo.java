package dev.kiln.backend.opencl;

/**
 * What discovery found out about one OpenCL device: its position ({@code opencl:index}), its
 * platform, name, type and version, and the limits the runtime checks against.
 */
public record ClDeviceInfo(int index, String platform, String name, String type, String version,
    int computeUnits, long globalMemBytes, long maxAllocBytes, long localMemBytes,
    long maxWorkGroupSize, boolean fp64) {
  @Override
  public String toString() {
    return "opencl:" + index + " " + name + " (" + type + ", " + platform + ", " + version + "; "
        + computeUnits + " compute units, " + (globalMemBytes >> 20) + " MiB global, "
        + (maxAllocBytes >> 20) + " MiB max buffer, " + (localMemBytes >> 10)
        + " KiB local, work groups up to " + maxWorkGroupSize + (fp64 ? ", fp64" : "") + ")";
  }
}
