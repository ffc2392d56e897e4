package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import org.junit.jupiter.api.Test;

/** Issue 17's diagnostics on the real sequence layers: each one error, on its line. */
class SequenceDiagnosticsTest {
  private static Sources.Src net(String input, String... fieldsAndBody) {
    java.util.List<String> l = new java.util.ArrayList<>(java.util.List.of(
        "import dev.kiln.nn.*;", "import dev.kiln.nn.Module;", "@Model",
        "public abstract class Net extends Module {"));
    boolean body = false;
    for (String s : fieldsAndBody) {
      if (!body && !s.startsWith("@Layer")) {
        l.add("  @Forward");
        l.add("  public Tensor forward(" + input + ") {");
        body = true;
      }
      l.add((body ? "    " : "  ") + s);
    }
    l.add("  }");
    l.add("}");
    return Sources.of("Net", l.toArray(String[]::new));
  }

  @Test
  void lstmInputSizeMismatch() {
    Sources.Src src = net("@Shape(\"B, T, 12\") Tensor x",
        "@Layer final LSTM lstm = new LSTM(10, 20).batchFirst(true);",
        "return lstm.apply(x).output();");
    assertSingleError(Sources.compile(src), src, "return lstm.apply(x)", "[kiln.shape]",
        "lstm = LSTM(10, 20).batchFirst(true) (line " + src.line("new LSTM(10, 20)")
            + ") expects input (B, T, 10) but x (@Shape(\"B, T, 12\")) has shape (B, T, 12)");
  }

  @Test
  void embeddingWidthMustMatchTheLstm() {
    Sources.Src src = net("@Shape(\"B, T\") Tensor tokens",
        "@Layer final Embedding embed = new Embedding(100, 32);",
        "@Layer final LSTM lstm = new LSTM(64, 64, 2).batchFirst(true);",
        "LstmOutput o = lstm.apply(embed.apply(tokens));",
        "return o.hN();");
    assertSingleError(Sources.compile(src), src, "LstmOutput o = lstm.apply", "[kiln.shape]",
        "expects input (B, T, 64) but embed.apply(tokens) has shape (B, T, 32)");
  }

  @Test
  void anInitialStateNeedsOneRowPerLayer() {
    Sources.Src src = net("@Shape(\"T, B, 8\") Tensor x, @Shape(\"2, B, 16\") Tensor h0",
        "@Layer final GRU gru = new GRU(8, 16);",
        "return gru.apply(x, h0).output();");
    assertSingleError(Sources.compile(src), src, "return gru.apply(x, h0)", "[kiln.shape]",
        "expects h0 (1, B, 16) but h0 (@Shape(\"2, B, 16\")) has shape (2, B, 16)");
  }

  @Test
  void anUnknownPartIsNamed() {
    Sources.Src src = net("@Shape(\"B, T, 8\") Tensor x",
        "@Layer final GRU gru = new GRU(8, 16).batchFirst(true);",
        "return gru.apply(x).cN();");
    assertSingleError(Sources.compile(src), src, "return gru.apply(x).cN()", "[kiln.shape]",
        "has no output 'cN'; its outputs are [output, hN]");
  }

  @Test
  void recurrentLayersCompile() {
    Sources.Src src = net("@Shape(\"B, T\") Tensor tokens",
        "@Layer final Embedding embed = new Embedding(100, 32);",
        "@Layer final LSTM lstm = new LSTM(32, 64, 2).batchFirst(true).bidirectional(true);",
        "@Layer final Linear head = new Linear(128, 100);",
        "return head.apply(lstm.apply(embed.apply(tokens)).output());");
    assertThat(Sources.compile(src)).succeededWithoutWarnings();
  }
}
