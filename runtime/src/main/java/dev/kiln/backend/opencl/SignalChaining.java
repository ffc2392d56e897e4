package dev.kiln.backend.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * OpenCL drivers built on LLVM (PoCL, Mesa) install LLVM's signal handlers in the JVM's process
 * whenever they compile a kernel, over HotSpot's own: the JVM takes SIGSEGV for every safepoint
 * and implicit null check, so two threads reaching a safepoint together can then kill it with
 * "Segmentation fault" and no crash report. HotSpot's signal-chaining library ({@code libjsig},
 * preloaded) keeps the JVM's handlers in place and calls the driver's only for the driver's own
 * faults. Without it, Kiln says so once, on standard error, when OpenCL is first loaded.
 */
final class SignalChaining {
  private SignalChaining() {}

  /** Prints the warning when this process has mapped LLVM but not {@code libjsig}. */
  static void check() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return;
    }
    try {
      String warning = warning(Files.readString(maps), System.getProperty("java.home"));
      if (warning != null) {
        System.err.println(warning);
      }
    } catch (IOException e) {
      // Nothing to report on: the check is advice, never a failure.
    }
  }

  /** The warning for a process whose {@code /proc/self/maps} reads {@code maps}, or null. */
  static String warning(String maps, String javaHome) {
    String llvm = null;
    for (String line : maps.split("\n")) {
      String file = line.substring(line.lastIndexOf('/') + 1);
      if (file.startsWith("libjsig.so")) {
        return null;
      }
      if (llvm == null && file.startsWith("libLLVM")) {
        llvm = file;
      }
    }
    return llvm == null ? null : "Kiln: the OpenCL driver loaded " + llvm + ", whose signal"
        + " handlers replace the JVM's while it compiles kernels and can crash the JVM at a"
        + " safepoint; start the JVM with LD_PRELOAD=" + javaHome + "/lib/libjsig.so"
        + " (HotSpot's signal chaining) to keep them";
  }
}
