package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.Model;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor claims every Kiln annotation, so a valid model compiles under
 * {@code -Xlint:all -Werror}: javac's {@code processing} lint warns about annotations that no
 * processor claimed.
 */
class ClaimedAnnotationsTest {
  @Test
  void validModelAndUserLayerCompileWithAllLintsAsErrors() {
    Sources.Src model = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear fc1 = new Linear(3, 16);",
        "  @Layer final Linear fc2 = new Linear(16, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc2.apply(relu(fc1.apply(x)));",
        "  }",
        "}");
    JavaFileObject layer = JavaFileObjects.forSourceLines("test.Scale",
        "package test;",
        "",
        "import dev.kiln.ShapeContract;",
        "import dev.kiln.nn.UnaryModule;",
        "",
        "@ShapeContract(args = {\"features\"}, input = \"*, features\", output = \"*, features\")",
        "public abstract class Scale extends UnaryModule {}");
    Compilation c = Compiler.javac()
        .withProcessors(new KilnProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .withClasspath(Sources.classpathFiles())
        .compile(model.file(), layer);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.KilnNet");
  }

  @Test
  void everyAnnotationOfTheAnnotationsJarIsClaimed() throws IOException, URISyntaxException {
    Set<String> declared = new TreeSet<>();
    Path root = Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root)) {
      Path dir = (jar == null ? root : jar.getPath("/")).resolve("dev/kiln");
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (name.endsWith(".class") && !name.equals("package-info.class")) {
            String className = "dev.kiln." + name.substring(0, name.length() - ".class".length());
            try {
              if (Class.forName(className).isAnnotation()) {
                declared.add(className);
              }
            } catch (ClassNotFoundException e) {
              throw new AssertionError(e);
            }
          }
        }
      }
    }
    assertThat(declared).contains("dev.kiln.Model");
    declared.add("javax.annotation.processing.Generated");
    assertThat(new KilnProcessor().getSupportedAnnotationTypes())
        .containsExactlyElementsIn(declared);
  }

  @Test
  void anotherProcessorsGeneratedIsLeftUnclaimed() {
    JavaFileObject other = JavaFileObjects.forSourceLines("test.Other",
        "package test;",
        "",
        "@javax.annotation.processing.Generated(\"com.example.OtherProcessor\")",
        "public class Other {}");
    Compilation c = Compiler.javac()
        .withProcessors(new KilnProcessor())
        .withOptions("-Xlint:all")
        .withClasspath(Sources.classpathFiles())
        .compile(other);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("javax.annotation.processing.Generated");
  }
}
