package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signal-chaining advice: a process that mapped LLVM (PoCL's compiler) without HotSpot's
 * {@code libjsig} is warned once; with {@code libjsig} preloaded, as the build's test JVMs are,
 * nothing is printed.
 */
class SignalChainingTest {
  private static final String LLVM = "7f7a-7f7b r-xp 0 08:01 42 /usr/lib/x86_64-linux-gnu/"
      + "libLLVM-15.so.1\n";
  private static final String JSIG = "7f6a-7f6b r-xp 0 08:01 43 /usr/lib/jvm/jdk/lib/libjsig.so\n";
  private static final String JVM = "7f5a-7f5b r-xp 0 08:01 44 /usr/lib/jvm/jdk/lib/server/"
      + "libjvm.so\n[stack]\n";

  @Test
  void llvmWithoutLibjsigIsWarnedAboutWithTheFix() {
    assertEquals("Kiln: the OpenCL driver loaded libLLVM-15.so.1, whose signal handlers replace"
        + " the JVM's while it compiles kernels and can crash the JVM at a safepoint; start the"
        + " JVM with LD_PRELOAD=/opt/jdk/lib/libjsig.so (HotSpot's signal chaining) to keep"
        + " them", SignalChaining.warning(JVM + LLVM, "/opt/jdk"));
  }

  @Test
  void libjsigOrNoLlvmNeedsNoWarning() {
    assertNull(SignalChaining.warning(JSIG + JVM + LLVM, "/opt/jdk"));
    assertNull(SignalChaining.warning(JVM + LLVM + JSIG, "/opt/jdk"));
    assertNull(SignalChaining.warning(JVM, "/opt/jdk"));
  }

  @Test
  void theTestJvmsRunWithSignalChaining() throws Exception {
    OpenClSupport.device();
    assertNull(SignalChaining.warning(Files.readString(Path.of("/proc/self/maps")),
        System.getProperty("java.home")));
  }

  @Test
  void aJvmWithoutLibjsigIsToldOnceWhenItsDriverUsesLlvm() throws Exception {
    OpenClSupport.device();
    boolean llvm = Files.readString(Path.of("/proc/self/maps")).contains("/libLLVM");
    List<String> told = childStderr(false).stream().filter(l -> l.startsWith("Kiln: the OpenCL"))
        .toList();
    assertEquals(llvm ? 1 : 0, told.size(), "stderr lines: " + told);
    assertEquals(List.of(), childStderr(true).stream()
        .filter(l -> l.startsWith("Kiln: the OpenCL")).toList());
  }

  /** Standard error of {@link OpenClProbe} in a child JVM, with or without {@code libjsig}. */
  private static List<String> childStderr(boolean chaining) throws Exception {
    ChildJvm child = new ChildJvm().unsetEnv("KILN_DEVICE").unsetEnv("LD_PRELOAD")
        .timeoutSeconds(60);
    if (chaining) {
      child.env("LD_PRELOAD", System.getProperty("java.home") + "/lib/libjsig.so");
    }
    ChildJvm.Result r = child.runOk(OpenClProbe.class);
    String out = String.join("\n", r.stdout());
    assertTrue(out.startsWith("device: opencl:"), out);
    return r.stderr();
  }
}
