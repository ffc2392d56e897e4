package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Size names in @Shape: clashes with generated names, and sizes mixing symbols and params. */
class ShapeNamesTest {
  @Test
  void sizeNamedLikeTheInputIsAForwardError() {
    Sources.Src src = Sources.of("Clash",
        "@Model",
        "public abstract class Clash extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(",
        "      @Shape(\"x, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "@Shape(\"x, 3\")", "[kiln.forward]",
        "size name 'x' in @Shape(\"x, 3\") clashes", "'X'");
  }

  @Test
  void sizeMixingAnInputSymbolAndAConstructorParameterCompiles() {
    Sources.Src src = Sources.of("Mixed",
        "@Model",
        "public abstract class Mixed extends Module {",
        "  Mixed(int width) {}",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, width\") Tensor x, @Shape(\"width * B\") Tensor y) {",
        "    return x.flatten().add(y);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.KilnMixed").contentsAsUtf8String()
        .contains("if (y.size(0) != B * width) {");
  }
}
