package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** {@code F.gelu}, {@code F.leakyRelu}, {@code F.softmax}...: compiled as the matching layer. */
class FunctionalCallsTest {
  @Test
  void functionalActivationsBecomeLayersOfTheGeneratedClass() {
    Sources.Src src = Sources.of("Net",
        "import dev.kiln.nn.F;",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear fc = new Linear(4, 8);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    Tensor h = F.gelu(fc.apply(x), \"tanh\");",
        "    h = F.leakyRelu(h, 0.2f).add(F.silu(h));",
        "    return F.logSoftmax(F.elu(h, -0.5f), -1);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    String kiln = Sources.generated(c, "test.KilnNet");
    assertThat(kiln).contains("= new GELU(\"tanh\");");
    assertThat(kiln).contains("= new LeakyReLU(0.2F);");
    assertThat(kiln).contains("= new SiLU();");
    assertThat(kiln).contains("= new ELU(-0.5F);");
    assertThat(kiln).contains("= new LogSoftmax(-1);");
  }

  @Test
  void aSoftmaxDimensionOutOfRangeIsAnErrorAtTheCall() {
    Sources.Src src = Sources.of("Net",
        "import dev.kiln.nn.F;",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear fc = new Linear(4, 8);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    return F.softmax(fc.apply(x), 2);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "return F.softmax(", "[kiln.shape]",
        "softmax(fc.apply(x), 2): dimension out of range for fc.apply(x) has shape (B, 8)"
            + " (expected in [-2, 1])");
  }
}
