package dev.kiln.backend.opencl;

import static org.lwjgl.opencl.CL10.clGetDeviceInfo;
import static org.lwjgl.opencl.CL10.clGetPlatformInfo;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/** Platform and device queries ({@code clGetPlatformInfo}, {@code clGetDeviceInfo}). */
final class ClInfo {
  private ClInfo() {}

  static String platformString(long platform, int param) {
    try (MemoryStack s = stackPush()) {
      PointerBuffer size = s.mallocPointer(1);
      ClErrors.check(clGetPlatformInfo(platform, param, (ByteBuffer) null, size),
          "clGetPlatformInfo");
      ByteBuffer value = s.malloc((int) size.get(0));
      ClErrors.check(clGetPlatformInfo(platform, param, value, null), "clGetPlatformInfo");
      return MemoryUtil.memUTF8(value, (int) size.get(0) - 1).strip();
    }
  }

  static String deviceString(long device, int param) {
    try (MemoryStack s = stackPush()) {
      PointerBuffer size = s.mallocPointer(1);
      ClErrors.check(clGetDeviceInfo(device, param, (ByteBuffer) null, size), "clGetDeviceInfo");
      ByteBuffer value = s.malloc((int) size.get(0));
      ClErrors.check(clGetDeviceInfo(device, param, value, null), "clGetDeviceInfo");
      return MemoryUtil.memUTF8(value, (int) size.get(0) - 1).strip();
    }
  }

  /** A {@code cl_ulong} (or {@code cl_bitfield}) value. */
  static long deviceLong(long device, int param) {
    try (MemoryStack s = stackPush()) {
      LongBuffer value = s.mallocLong(1);
      ClErrors.check(clGetDeviceInfo(device, param, value, null), "clGetDeviceInfo");
      return value.get(0);
    }
  }

  /** A {@code cl_uint} value. */
  static int deviceInt(long device, int param) {
    try (MemoryStack s = stackPush()) {
      IntBuffer value = s.mallocInt(1);
      ClErrors.check(clGetDeviceInfo(device, param, value, null), "clGetDeviceInfo");
      return value.get(0);
    }
  }

  /** A {@code size_t} value. */
  static long deviceSize(long device, int param) {
    try (MemoryStack s = stackPush()) {
      PointerBuffer value = s.mallocPointer(1);
      ClErrors.check(clGetDeviceInfo(device, param, value, null), "clGetDeviceInfo");
      return value.get(0);
    }
  }
}
