package dev.kiln.processor;

import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** A mismatch inside a Sequential is reported on the offending element's own line. */
class SequentialErrorsTest {
  @Test
  void mismatchIsReportedAtTheOffendingElement() {
    Sources.Src src = Sources.of("Stack",
        "@Model",
        "public abstract class Stack extends Module {",
        "  @Layer final Sequential net = new Sequential(",
        "      new Linear(3, 16),",
        "      new ReLU(),",
        "      new Linear(8, 1));",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return net.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertSingleError(c, src, "new Linear(8, 1)", "[kiln.shape]",
        "net[2] = Linear(8, 1)", "expects input (*, 8)", "net[1] = ReLU() outputs (B, 16)",
        "create Linear(16, 1)");
  }

  @Test
  void flattenFeedingTheWrongLinearNamesTheFlattenedSize() {
    Sources.Src src = Sources.of("Digits",
        "@Model",
        "public abstract class Digits extends Module {",
        "  @Layer final Sequential net = new Sequential(",
        "      new Flatten(),",
        "      new Linear(700, 10));",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"N, 1, 28, 28\") Tensor x) {",
        "    return net.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertSingleError(c, src, "new Linear(700, 10)", "[kiln.shape]",
        "net[1] = Linear(700, 10)", "expects input (*, 700)",
        "net[0] = Flatten() outputs (N, 784)", "create Linear(28 * 28, 10)");
  }

  @Test
  void sequentialBuiltInTheConstructorReportsAtTheElement() {
    Sources.Src src = Sources.of("Sized",
        "@Model",
        "public abstract class Sized extends Module {",
        "  @Layer final Sequential net;",
        "",
        "  Sized(int hidden) {",
        "    net = new Sequential(",
        "        new Linear(1, hidden),",
        "        new Tanh(),",
        "        new Linear(hidden + 2, 1));",
        "  }",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 1\") Tensor x) {",
        "    return net.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertSingleError(c, src, "new Linear(hidden + 2, 1)", "[kiln.shape]",
        "net[2] = Linear(hidden + 2, 1)", "expects input (*, hidden + 2)",
        "net[1] = Tanh() outputs (B, hidden)", "create Linear(hidden, 1)");
  }
}
