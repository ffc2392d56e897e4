package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * A failure inside Kiln never crashes javac: it becomes one {@code [kiln.internal]} error on the
 * model. The input here makes the Filer refuse a file: {@code Outer.Inner} and
 * {@code Outer_Inner} both generate {@code KilnOuter_Inner}.
 */
class InternalErrorTest {
  @Test
  void failureBecomesOneInternalErrorOnTheModel() {
    Sources.Src nested = Sources.of("Outer",
        "public class Outer {",
        "  @Model",
        "  public abstract static class Inner extends Module {",
        "    @Layer final Linear fc = new Linear(3, 1);",
        "    @Forward",
        "    public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "      return fc.apply(x);",
        "    }",
        "  }",
        "}");
    Sources.Src flat = Sources.of("Outer_Inner",
        "@Model",
        "public abstract class Outer_Inner extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(nested, flat);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[kiln.internal] Kiln failed on Outer_Inner; please report"
        + " this bug with the model's source").inFile(flat.file())
        .onLine(flat.line("public abstract class Outer_Inner"));
    assertThat(c.errors().get(0).getMessage(null)).contains("KilnOuter_Inner");
  }
}
