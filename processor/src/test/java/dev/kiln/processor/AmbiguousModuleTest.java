package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code import dev.kiln.nn.*} makes {@code Module} ambiguous: the message says so and how to fix it. */
class AmbiguousModuleTest {
  @Test
  void onDemandImportOfModuleIsExplained() {
    JavaFileObject src = JavaFileObjects.forSourceLines("test.Mlp",
        "package test;",
        "import dev.kiln.Forward;",
        "import dev.kiln.Layer;",
        "import dev.kiln.Model;",
        "import dev.kiln.Shape;",
        "import dev.kiln.nn.*;",
        "import dev.kiln.tensor.Tensor;",
        "@Model",
        "public abstract class Mlp extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(java.util.List.of(src));
    assertThat(c).failed();
    String kiln = c.errors().stream().map(d -> d.getMessage(null))
        .filter(m -> m.contains("[kiln.")).collect(Collectors.joining("\n"));
    assertThat(kiln).isEqualTo("[kiln.model] @Model class Mlp extends 'Module', which is ambiguous"
        + " here: 'import dev.kiln.nn.*;' brings dev.kiln.nn.Module and java.lang has"
        + " java.lang.Module; import Kiln's by name: 'import dev.kiln.nn.Module;'");
    assertThat(c.errors().stream().filter(d -> d.getMessage(null).contains("[kiln."))
        .map(Diagnostic::getLineNumber).toList()).containsExactly(9L);
  }
}
