package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Forward bodies as people write them: helper methods, counted loops, constant ifs. */
class BodyFormsTest {
  @Test
  void helperLoopAndConstantIfCompileIntoOnePlan() {
    Sources.Src src = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  static final boolean RESIDUAL = true;",
        "  static final int DEPTH = 3;",
        "  @Layer final Linear in = new Linear(3, 16);",
        "  @Layer final Linear mid = new Linear(16, 16);",
        "  @Layer final Linear out = new Linear(16, 2);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    Tensor h = relu(in.apply(x));",
        "    for (int i = 0; i < DEPTH; i++) {",
        "      h = block(h);",
        "    }",
        "    if (RESIDUAL && DEPTH > 2) {",
        "      h = h.add(relu(mid.apply(h)));",
        "    } else {",
        "      h = h.reshape(7, -1);",
        "    }",
        "    return out.apply(h);",
        "  }",
        "  private Tensor block(Tensor h) {",
        "    Tensor y = relu(mid.apply(h));",
        "    return y.add(h);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    String kiln = Sources.generated(c, "test.KilnNet");
    // three unrolled blocks and the residual: mid is called four times, each checked
    assertThat(kiln.split("mid\\.forwardInto\\(|mid\\.forwardReluInto\\(").length - 1).isEqualTo(4);
    assertThat(kiln).doesNotContain("reshape");
  }

  @Test
  void aShapeErrorInsideAHelperIsReportedOnTheHelpersLine() {
    Sources.Src src = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear in = new Linear(3, 16);",
        "  @Layer final Linear narrow = new Linear(8, 8);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return block(in.apply(x));",
        "  }",
        "  private Tensor block(Tensor h) {",
        "    return narrow.apply(h);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "return narrow.apply(h);", "[kiln.shape]",
        "narrow = Linear(8, 8)", "expects input (*, 8) but in.apply(x) has shape (B, 16)");
  }

  @Test
  void aShapeErrorInsideALoopIsReportedOnItsLine() {
    Sources.Src src = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear grow = new Linear(4, 8);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    Tensor h = x;",
        "    for (int i = 0; i < 2; i++) {",
        "      h = grow.apply(h);",
        "    }",
        "    return h;",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "h = grow.apply(h);", "[kiln.shape]",
        "grow = Linear(4, 8)", "expects input (*, 4) but h has shape (B, 8)");
  }

  @Test
  void aConditionKnownOnlyAtRunTimeIsRefusedWithWhatIsAllowed() {
    Sources.Src src = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear fc = new Linear(4, 4);",
        "  boolean residual = Math.random() > 2;",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    Tensor h = fc.apply(x);",
        "    if (residual) {",
        "      h = h.add(x);",
        "    }",
        "    return h;",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "if (residual) {", "[kiln.unsupported]",
        "the condition of an if in a forward body must be a compile-time constant (a literal or"
            + " a static final boolean or int comparison), isTraining() or a final boolean field;"
            + " '(residual)' is not");
  }

  /** A model whose forward takes {@code (B, 4)} and runs {@code body}. */
  private static Sources.Src modeNet(String... body) {
    java.util.List<String> l = new java.util.ArrayList<>(java.util.List.of("@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear fc = new Linear(4, 4);",
        "  @Layer final Linear wide = new Linear(4, 8);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {"));
    for (String s : body) {
      l.add("    " + s);
    }
    l.add("  }");
    l.add("}");
    return Sources.of("Net", l.toArray(String[]::new));
  }

  @Test
  void isTrainingSelectsAPathAtRunTime() {
    Sources.Src src = modeNet("Tensor h = fc.apply(x);", "if (isTraining()) {",
        "  h = h.add(x);", "} else {", "  h = relu(h);", "}", "return h;");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    String gen = Sources.generated(c, "test.KilnNet");
    assertThat(gen).contains("training = KilnNet.this.isTraining();");
    assertThat(gen).contains("= training ? ");
  }

  @Test
  void aFinalBooleanFieldSelectsAPathAtRunTime() {
    Sources.Src src = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear fc = new Linear(4, 4);",
        "  final boolean residual;",
        "  Net(boolean residual) {",
        "    this.residual = residual;",
        "  }",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    Tensor h = fc.apply(x);",
        "    if (!residual) {",
        "      h = relu(h);",
        "    } else {",
        "      h = h.add(x);",
        "    }",
        "    return h;",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    String gen = Sources.generated(c, "test.KilnNet");
    assertThat(gen).contains("= residual ? ");
    assertThat(gen).contains("if (!residual) {");
  }

  @Test
  void bothPathsMustLeaveAVariableOneShape() {
    Sources.Src src = modeNet("Tensor h = fc.apply(x);", "if (isTraining()) {",
        "  h = wide.apply(h);", "}", "return h;");
    assertSingleError(Sources.compile(src), src, "if (isTraining()) {", "[kiln.shape]",
        "'h' has shape (B, 8) when training but (B, 4) in eval mode; both branches of"
            + " if (isTraining()) must leave it one shape");
  }

  @Test
  void aReturnInsideIsTrainingIsRefused() {
    Sources.Src src = modeNet("if (isTraining()) {", "  return fc.apply(x);", "}",
        "return x;");
    assertSingleError(Sources.compile(src), src, "if (isTraining()) {", "[kiln.unsupported]",
        "a return inside if (isTraining()) is not supported");
  }

  @Test
  void aHelperThatCallsItselfIsRefused() {
    Sources.Src src = Sources.of("Net",
        "@Model",
        "public abstract class Net extends Module {",
        "  @Layer final Linear fc = new Linear(4, 4);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    return again(x);",
        "  }",
        "  private Tensor again(Tensor h) {",
        "    return again(fc.apply(h));",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "return again(fc.apply(h));", "[kiln.unsupported]",
        "helper 'again' calls itself");
  }
}
