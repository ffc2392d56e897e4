package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model compiled in one javac run (a model library) used as a {@code @Layer} in another: its
 * shapes come from the {@code @CompiledSignature} of its generated class.
 */
class ModelLibraryTest {
  static final Sources.Src BLOCK = Sources.of("Block",
      "@Model",
      "public abstract class Block extends Module {",
      "  @Layer final Linear fc;",
      "  protected Block(int width) {",
      "    fc = new Linear(width, 2 * width);",
      "  }",
      "  @Forward",
      "  public Tensor forward(@Shape(\"B, width\") Tensor x) {",
      "    return relu(fc.apply(x));",
      "  }",
      "  public static Block create(int width) { return new KilnBlock(width); }",
      "}");

  private static Compilation useFromJar(Path classes, Sources.Src user) {
    List<File> cp = new ArrayList<>(Sources.classpathFiles());
    cp.add(classes.toFile());
    return Compiler.javac().withProcessors(new KilnProcessor()).withClasspath(cp)
        .compile(user.file());
  }

  /** Writes the class files of {@code c} under {@code dir}, as a jar would hold them. */
  private static void writeClasses(Compilation c, Path dir) throws IOException {
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        Path out = dir.resolve(path.substring(path.indexOf("/CLASS_OUTPUT/") + 14));
        Files.createDirectories(out.getParent());
        try (InputStream in = f.openInputStream()) {
          Files.write(out, in.readAllBytes());
        }
      }
    }
  }

  @Test
  void aLibraryModelIsShapeCheckedAcrossTheJarBoundary(@TempDir Path lib) throws IOException {
    Compilation library = Sources.compile(BLOCK);
    assertThat(library).succeededWithoutWarnings();
    assertThat(Sources.generated(library, "test.KilnBlock").replaceAll("\\s+", " ")).contains(
        "@CompiledSignature( params = {\"width\"}, inputs = {\"B, width\"}, output = \"B, 2*width\" )");
    writeClasses(library, lib);

    Sources.Src good = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Block block = Block.create(8);",
        "  @Layer final Linear head = new Linear(16, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"N, 8\") Tensor x) {",
        "    return head.apply(block.forward(x));",
        "  }",
        "}");
    assertThat(useFromJar(lib, good)).succeededWithoutWarnings();

    Sources.Src bad = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Block block = Block.create(8);",
        "  @Layer final Linear head = new Linear(8, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"N, 8\") Tensor x) {",
        "    return head.apply(block.forward(x));",
        "  }",
        "}");
    assertSingleError(useFromJar(lib, bad), bad, "return head.apply(", "[kiln.shape]",
        "head = Linear(8, 1) (line " + bad.line("new Linear(8, 1)") + ") expects input (*, 8)"
            + " but block.forward(x) has shape (N, 16); to accept it, create Linear(16, 1)");

    Sources.Src wrongInput = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Block block = Block.create(8);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"N, 4\") Tensor x) {",
        "    return block.forward(x);",
        "  }",
        "}");
    assertSingleError(useFromJar(lib, wrongInput), wrongInput, "return block.forward(x);",
        "[kiln.shape]", "block = Block.create(8) expects input 0 of shape (B, 8)");
  }
}
