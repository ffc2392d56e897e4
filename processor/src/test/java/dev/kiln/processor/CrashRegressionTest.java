package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Inputs that used to crash the processor ([kiln.internal]) now compile or get a coded error. */
class CrashRegressionTest {
  @Test
  void constructorParametersOfAnyTypeArePassedThrough() {
    Sources.Src src = Sources.of("Configured",
        "@Model",
        "public abstract class Configured extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  Configured(int[] sizes, java.util.List<String> names, short s, char c,",
        "      java.util.Map<String, ? extends Number> options, long... seeds) {}",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(Sources.generated(c, "test.KilnConfigured").replaceAll("\\s+", " ")).contains("KilnConfigured(int[] sizes,"
        + " List<String> names, short s, char c, Map<String, ? extends Number> options,"
        + " long[] seeds) {");
  }

  @Test
  void modelOnAnInterfaceIsAModelError() {
    Sources.Src src = Sources.of("Shapeless",
        "@Model",
        "public interface Shapeless {",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("[kiln.model] @Model class Shapeless must be abstract")
        .inFile(src.file()).onLine(src.line("public interface"));
    assertThat(c).hadErrorContaining("[kiln.model] @Model class Shapeless must extend")
        .inFile(src.file()).onLine(src.line("public interface"));
  }

  @Test
  void layerFieldOfATypeVariableIsALayerError() {
    Sources.Src src = Sources.of("Generic",
        "@Model",
        "public abstract class Generic<L extends Linear> extends Module {",
        "  @Layer final L fc;",
        "  Generic(L fc) {",
        "    this.fc = fc;",
        "  }",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "@Layer final L fc;", "[kiln.layer]",
        "@Layer field 'fc' has type L, which is not a layer");
  }

  @Test
  void nativeForwardIsAForwardError() {
    Sources.Src src = Sources.of("Native",
        "@Model",
        "public abstract class Native extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public native Tensor forward(@Shape(\"B, 3\") Tensor x);",
        "}");
    assertSingleError(Sources.compile(src), src, "public native Tensor", "[kiln.forward]",
        "'forward' must not be native");
  }

  @Test
  void nestedModelAsASequentialElementIsALayerError() {
    Sources.Src src = Sources.of("Wrapper",
        "@Model",
        "public abstract class Wrapper extends Module {",
        "  @Layer final Sequential net = new Sequential(",
        "      new Inner() {});",
        "  @Model",
        "  public abstract static class Inner extends Module {",
        "    @Layer final Linear fc = new Linear(3, 1);",
        "    @Forward",
        "    public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "      return fc.apply(x);",
        "    }",
        "  }",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return net.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "new Inner() {}", "[kiln.layer]",
        "a nested @Model cannot be an element of Sequential", "call it with .forward(x)");
  }
}
