package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only {@code dev.kiln.backend.opencl} imports LWJGL (the runtime's sources, scanned). */
class LwjglConfinementTest {
  @Test
  void onlyTheOpenClPackageImportsLwjgl() throws IOException {
    Path main = Path.of("src/main/java");
    Path opencl = main.resolve("dev/kiln/backend/opencl");
    List<Path> sources;
    try (Stream<Path> s = Files.walk(main)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() > 50, "found " + sources.size() + " sources under " + main);
    List<Path> offenders = sources.stream().filter(p -> !p.startsWith(opencl))
        .filter(p -> read(p).contains("org.lwjgl")).toList();
    assertEquals(List.of(), offenders);
    assertTrue(sources.stream().filter(p -> p.startsWith(opencl))
        .anyMatch(p -> read(p).contains("import static org.lwjgl.opencl.CL10")));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
