package dev.kiln.backend.cpu;

/**
 * Whether the vectorised CPU kernels run: they need the JDK's incubating Vector API, which a JVM
 * resolves only when started with {@code --add-modules jdk.incubator.vector}. Without it (or with
 * {@code -Dkiln.simd=false}) the plain-Java kernels run, with one line on standard error saying
 * how to enable the fast ones. Classes that use {@code jdk.incubator.vector} are only loaded
 * behind {@link #ENABLED}, so a JVM without the module never links them.
 */
final class Simd {
  static final boolean ENABLED = detect();

  private Simd() {}

  private static boolean detect() {
    if ("false".equals(System.getProperty("kiln.simd"))) {
      return false;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      return true;
    }
    System.err.println("Kiln: using the plain-Java CPU kernels; start the JVM with"
        + " --add-modules jdk.incubator.vector for the vectorised ones (about 10x faster matmul)");
    return false;
  }
}
