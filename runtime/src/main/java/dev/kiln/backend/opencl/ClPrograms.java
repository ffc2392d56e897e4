package dev.kiln.backend.opencl;

import static org.lwjgl.opencl.CL10.CL_PROGRAM_BUILD_LOG;
import static org.lwjgl.opencl.CL10.clBuildProgram;
import static org.lwjgl.opencl.CL10.clCreateKernel;
import static org.lwjgl.opencl.CL10.clCreateProgramWithSource;
import static org.lwjgl.opencl.CL10.clGetProgramBuildInfo;
import static org.lwjgl.opencl.CL10.clReleaseProgram;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * One device's program cache: each kernel family ({@code .cl} resource, after the prelude) is
 * built once, on first use of one of its kernels, and each kernel is created once.
 */
final class ClPrograms {
  private final ClDevice device;
  private final String options;
  private final Map<String, Long> programs = new HashMap<>();
  private final long[] kernels = new long[ClKernel.values().length];

  ClPrograms(ClDevice device, boolean correctlyRoundedSqrt) {
    this.device = device;
    this.options = correctlyRoundedSqrt ? "-cl-fp32-correctly-rounded-divide-sqrt" : "";
  }

  /** The kernel's handle, building its family first if needed. */
  synchronized long kernel(ClKernel k) {
    long h = kernels[k.ordinal()];
    if (h == 0) {
      Long program = programs.get(k.family());
      if (program == null) {
        program = build(k.kernelName(), k.family(), source(k.family()));
        programs.put(k.family(), program);
      }
      try (MemoryStack s = stackPush()) {
        IntBuffer err = s.mallocInt(1);
        h = clCreateKernel(program, k.kernelName(), err);
        ClErrors.check(err.get(0), "clCreateKernel(" + k.kernelName() + ")");
      }
      kernels[k.ordinal()] = h;
    }
    return h;
  }

  /**
   * Builds {@code source} for this device and returns the program; on failure releases it and
   * throws {@link ClBuildException} naming {@code kernel} with the full build log.
   */
  long build(String kernel, String family, String source) {
    try (MemoryStack s = stackPush()) {
      IntBuffer err = s.mallocInt(1);
      long program = clCreateProgramWithSource(device.context(), source, err);
      ClErrors.check(err.get(0), "clCreateProgramWithSource(" + family + ")");
      int status = clBuildProgram(program, device.id(), options, null, 0L);
      if (status != 0) {
        String log = buildLog(program);
        clReleaseProgram(program);
        throw new ClBuildException(kernel, family + ".cl", device.toString(), status, log);
      }
      return program;
    }
  }

  private String buildLog(long program) {
    try (MemoryStack s = stackPush()) {
      PointerBuffer size = s.mallocPointer(1);
      ClErrors.check(clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG,
          (ByteBuffer) null, size), "clGetProgramBuildInfo");
      ByteBuffer log = MemoryUtil.memAlloc((int) size.get(0));
      try {
        ClErrors.check(clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, log,
            null), "clGetProgramBuildInfo");
        return MemoryUtil.memUTF8(log, Math.max(0, (int) size.get(0) - 1)).strip();
      } finally {
        MemoryUtil.memFree(log);
      }
    }
  }

  /** The prelude followed by {@code family}'s source. */
  static String source(String family) {
    return resource("prelude") + "\n" + resource(family);
  }

  private static String resource(String name) {
    try (InputStream in = ClPrograms.class.getResourceAsStream(name + ".cl")) {
      if (in == null) {
        throw new IllegalStateException("missing kernel source " + name + ".cl");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
