package dev.kiln.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter's model and training main as a named module on the module path: {@code requires
 * dev.kiln.runtime}, compiled by javac with Kiln's processor under {@code -Xlint:all -Werror}
 * (less {@code requires-automatic}: Kiln's jars are automatic modules), then run with
 * {@code java -m}.
 */
class ModulePathIT {
  @TempDir Path dir;

  @Test
  void modularApplicationCompilesAndTrains() throws Exception {
    Path src = dir.resolve("src");
    Path pkg = Files.createDirectories(src.resolve("com/example/hello"));
    Path templates = BuildRepository.ROOT.resolve(
        "archetype/src/main/resources/archetype-resources/src/main/java");
    for (String name : List.of("Mlp.java", "Train.java")) {
      Files.writeString(pkg.resolve(name), Files.readString(templates.resolve(name))
          .replace("${package}", "com.example.hello"));
    }
    Path out = dir.resolve("out");
    String modulePath = join(BuildRepository.moduleJar("runtime"),
        BuildRepository.moduleJar("annotations"), lwjgl("lwjgl", ""),
        lwjgl("lwjgl", "natives-linux"), lwjgl("lwjgl-opencl", ""),
        BuildRepository.buildArtifact("com.google.protobuf", "protobuf-java",
            System.getProperty("kiln.protobufVersion"), ""));

    // Without java.compiler the module cannot read @Generated: Kiln leaves it out.
    assertEquals("", javac(src, out, modulePath, "module com.example.hello {",
        "  requires dev.kiln.runtime;", "  requires static dev.kiln.annotations;", "}"));
    assertFalse(Files.readString(out.resolve("com/example/hello/KilnMlp.java"))
        .contains("@Generated"));

    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "--module-path", modulePath + File.pathSeparator + out,
        "--add-modules", "jdk.incubator.vector", "-m", "com.example.hello/com.example.hello.Train",
        dir.resolve("mlp.safetensors").toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("the reloaded model gives the same outputs"), output);
    assertFalse(output.contains("plain-Java CPU kernels"), output);

    // A module that reads java.compiler gets the annotation.
    assertEquals("", javac(src, dir.resolve("out2"), modulePath, "module com.example.hello {",
        "  requires dev.kiln.runtime;", "  requires static dev.kiln.annotations;",
        "  requires static java.compiler;", "}"));
    assertTrue(Files.readString(dir.resolve("out2/com/example/hello/KilnMlp.java"))
        .contains("@Generated(\"dev.kiln.processor.KilnProcessor\")"));
  }

  /** Compiles {@code src} with this module declaration; returns javac's diagnostics. */
  private static String javac(Path src, Path out, String modulePath, String... moduleInfo)
      throws IOException {
    Files.writeString(src.resolve("module-info.java"), String.join("\n", moduleInfo) + "\n");
    List<String> args = new ArrayList<>(List.of("-Xlint:all,-requires-automatic", "-Werror",
        "-d", out.toString(), "-s", out.toString(), "--module-path", modulePath,
        "--processor-path", join(BuildRepository.moduleJar("processor"),
            BuildRepository.moduleJar("annotations"), BuildRepository.buildArtifact(
                "com.palantir.javapoet", "javapoet", System.getProperty("kiln.javapoetVersion"),
                ""))));
    try (Stream<Path> files = Files.walk(src)) {
      args.addAll(files.filter(f -> f.toString().endsWith(".java")).map(Path::toString)
          .collect(Collectors.toList()));
    }
    Files.createDirectories(out);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
        args.toArray(new String[0]));
    return status == 0 ? "" : "javac failed (" + status + "):\n" + diagnostics;
  }

  private static Path lwjgl(String artifact, String classifier) {
    return BuildRepository.buildArtifact("org.lwjgl", artifact,
        System.getProperty("kiln.lwjglVersion"), classifier);
  }

  private static String join(Path... paths) {
    return Stream.of(paths).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }
}
