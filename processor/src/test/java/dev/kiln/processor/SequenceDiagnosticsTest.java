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

  @Test
  void dModelNotDivisibleByNhead() {
    Sources.Src src = net("@Shape(\"B, T, 30\") Tensor x",
        "@Layer final TransformerEncoderLayer block = new TransformerEncoderLayer(30, 4)"
            + ".batchFirst(true);",
        "return block.apply(x);");
    assertSingleError(Sources.compile(src), src, "return block.apply(x);", "[kiln.shape]",
        "embed_dim must be divisible by num_heads (dModel % nhead == 0)");
  }

  @Test
  void embeddingDimensionDiffersFromTheAttentionsEmbedDim() {
    Sources.Src src = net("@Shape(\"B, T\") Tensor tokens",
        "@Layer final Embedding embed = new Embedding(100, 48);",
        "@Layer final MultiheadAttention attn = new MultiheadAttention(64, 4).batchFirst(true);",
        "Tensor h = embed.apply(tokens);",
        "return attn.apply(h, h, h).output();");
    assertSingleError(Sources.compile(src), src, "return attn.apply(h, h, h)", "[kiln.shape]",
        "attn = MultiheadAttention(64, 4).batchFirst(true) (line "
            + src.line("new MultiheadAttention(64, 4)") + ") expects query (B, L, 64) but h has"
            + " shape (B, T, 48)");
  }

  @Test
  void aBatchFirstLayerFedTimeMajorInputMeetsItsMask() {
    Sources.Src src = net("@Shape(\"B, T, 16\") Tensor x",
        "@Layer final TransformerEncoderLayer block = new TransformerEncoderLayer(16, 2)"
            + ".batchFirst(true);",
        "Tensor h = x.transpose(0, 1);",
        "return block.apply(h, Mask.causal(x.size(1)));");
    assertSingleError(Sources.compile(src), src, "return block.apply(h, Mask", "[kiln.shape]",
        "expects srcMask (B, B) but Mask.causal(x.size(1)) has shape (T, T) (B and T are"
            + " different sizes of the @Shape; if they are one size, give them one name)");
  }

  @Test
  void aPaddingMaskMustBeBatchByLength() {
    Sources.Src src = net("@Shape(\"B, T, 16\") Tensor x, @Shape(\"T, B\") Tensor pad",
        "@Layer final TransformerEncoderLayer block = new TransformerEncoderLayer(16, 2)"
            + ".batchFirst(true);",
        "return block.apply(x, null, Mask.bool(pad));");
    assertSingleError(Sources.compile(src), src, "return block.apply(x, null", "[kiln.shape]",
        "expects srcKeyPaddingMask (B, T) but Mask.bool(pad) has shape (T, B) (B and T are"
            + " different sizes of the @Shape; if they are one size, give them one name)");
  }
}
