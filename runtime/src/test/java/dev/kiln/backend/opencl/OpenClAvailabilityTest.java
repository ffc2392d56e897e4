package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No OpenCL library and no OpenCL platform, each in a fresh JVM: asking for OpenCL explicitly
 * throws {@link OpenClUnavailableException} saying what was tried, the configured device falls
 * back to the CPU with one line on standard error, and nothing else escapes.
 */
class OpenClAvailabilityTest {
  @Test
  void noLibrary() throws Exception {
    List<String> out = probe(Map.of(), "libdoesnotexist.so", "libnorthis.so");
    assertTrue(out.get(0).startsWith("unavailable: no OpenCL library could be loaded; tried"
        + " libdoesnotexist.so ("), out.get(0));
    assertTrue(out.get(0).contains("libnorthis.so ("), out.get(0));
    assertTrue(out.get(0).contains("apt-get install pocl-opencl-icd"), out.get(0));
    assertEquals(List.of("available: false", "configured: cpu"), out.subList(1, 3));
  }

  @Test
  void noPlatform() throws Exception {
    OpenClSupport.device(); // the library must be there for this case
    Path empty = Files.createTempDirectory("no-icd");
    List<String> out = probe(Map.of("OCL_ICD_VENDORS", empty.toString()));
    Files.delete(empty);
    assertTrue(out.get(0).startsWith("unavailable: OpenCL library libOpenCL.so.1 reports no"
        + " platform (CL_PLATFORM_NOT_FOUND_KHR)"), out.get(0));
    assertEquals(List.of("available: false", "configured: cpu"), out.subList(1, 3));
  }

  @Test
  void noLwjglOnTheClassPath() throws Exception {
    String withoutLwjgl = java.util.Arrays.stream(
        System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.contains("lwjgl")).collect(
            java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    List<String> out = probeWith(Map.of(), withoutLwjgl);
    assertTrue(out.get(0).startsWith("unavailable: LWJGL's OpenCL binding could not be loaded: "
        + "java.lang.NoClassDefFoundError: org/lwjgl/"), out.get(0));
    assertEquals(List.of("available: false", "configured: cpu"), out.subList(1, 3));
  }

  private static List<String> probe(Map<String, String> env, String... libraries)
      throws Exception {
    return probeWith(env, System.getProperty("java.class.path"), libraries);
  }

  /** Runs {@link OpenClProbe}; checks it exits 0 and wrote the one fallback line to stderr. */
  private static List<String> probeWith(Map<String, String> env, String classPath,
      String... libraries) throws Exception {
    ChildJvm child = new ChildJvm().classPath(classPath).unsetEnv("KILN_DEVICE").timeoutSeconds(60);
    env.forEach(child::env);
    ChildJvm.Result r = child.runOk(OpenClProbe.class, libraries);
    List<String> out = r.stdout();
    List<String> stderr = r.stderr();
    // newer JDKs add warnings (native access, Unsafe), one group ending in an empty line
    assertEquals(1, stderr.stream().filter(l -> !l.startsWith("WARNING") && !l.isEmpty()).count(),
        "stderr: " + stderr);
    assertTrue(stderr.stream().anyMatch(l -> l.startsWith("kiln: kiln.device=opencl but ")
        && l.endsWith("; using the CPU")), "stderr: " + stderr);
    assertEquals(3, out.size(), "stdout: " + out);
    return out;
  }
}
