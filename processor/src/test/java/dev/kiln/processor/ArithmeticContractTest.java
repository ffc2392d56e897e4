package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.common.truth.Truth.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Contracts with arithmetic (floor division), defaults, pairs, fluent options, conditions and
 * variants, on a user layer {@code Win} shaped like a convolution and {@code Pool} like pooling.
 */
class ArithmeticContractTest {
  static final Sources.Src WIN = Sources.of("Win",
      "import dev.kiln.ShapeContract;",
      "import dev.kiln.nn.UnaryModule;",
      "@ShapeContract(args = {\"inChannels\", \"outChannels\", \"kernelSize[2]\", \"stride[2]=1\",",
      "    \"padding[2]=0\", \"dilation[2]=1\", \"groups=1\"}, when = \"padding=same\",",
      "    input = \"*, inChannels, H, W\", output = \"*, outChannels, H, W\",",
      "    requires = \"stride0 * stride1 == 1: padding='same' needs stride 1\")",
      "@ShapeContract(args = {\"inChannels\", \"outChannels\", \"kernelSize[2]\", \"stride[2]=1\",",
      "    \"padding[2]=0\", \"dilation[2]=1\", \"groups=1\"}, input = \"*, inChannels, H, W\",",
      "    output = \"*, outChannels, (H + 2*padding0 - dilation0*(kernelSize0 - 1) - 1)/stride0 + 1,"
          + " (W + 2*padding1 - dilation1*(kernelSize1 - 1) - 1)/stride1 + 1\",",
      "    requires = {\"inChannels % groups == 0: in_channels must be divisible by groups\"})",
      "public final class Win extends UnaryModule {",
      "  public Win(int in, int out, int k) {}",
      "  public Win(int in, int out, int[] k) {}",
      "  public Win padding(int p) { return this; }",
      "  public Win padding(String p) { return this; }",
      "  public Win stride(int s) { return this; }",
      "  public Win groups(int g) { return this; }",
      "  @Override public int[] outputShape(int[] in) { return in; }",
      "}");
  static final Sources.Src POOL = Sources.of("Pool",
      "import dev.kiln.ShapeContract;",
      "import dev.kiln.nn.UnaryModule;",
      "@ShapeContract(args = {\"kernelSize[2]\", \"stride[2]=kernelSize\"}, input = \"*, H, W\",",
      "    output = \"*, (H - kernelSize0)/stride0 + 1, (W - kernelSize1)/stride1 + 1\")",
      "public final class Pool extends UnaryModule {",
      "  public Pool(int k) {}",
      "  public Pool stride(int s) { return this; }",
      "  @Override public int[] outputShape(int[] in) { return in; }",
      "}");

  private static Sources.Src model(String input, String... fieldsAndBody) {
    String[] lines = new String[fieldsAndBody.length + 6];
    lines[0] = "@Model";
    lines[1] = "public abstract class Net extends Module {";
    int i = 2;
    for (String s : fieldsAndBody) {
      if (s.startsWith("return") || s.startsWith("Tensor ") || s.startsWith("h = ")) {
        continue;
      }
      lines[i++] = "  " + s;
    }
    lines[i++] = "  @Forward";
    lines[i++] = "  public Tensor forward(@Shape(\"" + input + "\") Tensor x) {";
    for (String s : fieldsAndBody) {
      if (s.startsWith("return") || s.startsWith("Tensor ") || s.startsWith("h = ")) {
        lines[i++] = "    " + s;
      }
    }
    lines[i++] = "  }";
    lines[i++] = "}";
    return Sources.of("Net", java.util.Arrays.copyOf(lines, i));
  }

  @Test
  void leNetFlattenMistakeIsReportedAtTheLinearWithTheFlattenedSizeAndTheFix() {
    Sources.Src src = model("B, 1, 32, 32",
        "@Layer final Win conv1 = new Win(1, 6, 5);",
        "@Layer final Win conv2 = new Win(6, 16, 5);",
        "@Layer final Pool pool = new Pool(2);",
        "@Layer final Linear fc1 = new Linear(16 * 5 * 5, 120);",
        "Tensor h = pool.apply(relu(conv1.apply(x)));",
        "h = pool.apply(relu(conv2.apply(h)));",
        "return fc1.apply(h.flatten(1));");
    Compilation ok = Sources.compile(WIN, POOL, src);
    assertThat(ok).succeededWithoutWarnings();

    Sources.Src bad = model("B, 1, 32, 32",
        "@Layer final Win conv1 = new Win(1, 6, 5);",
        "@Layer final Win conv2 = new Win(6, 16, 5);",
        "@Layer final Pool pool = new Pool(2);",
        "@Layer final Linear fc1 = new Linear(16 * 4 * 4, 120);",
        "Tensor h = pool.apply(relu(conv1.apply(x)));",
        "h = pool.apply(relu(conv2.apply(h)));",
        "Tensor flat = h.flatten(1);",
        "return fc1.apply(flat);");
    assertSingleError(Sources.compile(WIN, POOL, bad), bad, "return fc1.apply(flat);",
        "[kiln.shape]", "fc1 = Linear(16 * 4 * 4, 120) (line " + bad.line("new Linear(16") + ")"
            + " expects input (*, 256) but flat has shape (B, 400), flattened from"
            + " (B, 16, 5, 5): 16*5*5 = 400; to accept it, create Linear(16 * 5 * 5, 120)");
  }

  @Test
  void symbolicImageSizesFlowAndAnUndecidableLinearBecomesAPlanCheck() {
    Sources.Src src = model("B, 3, H, W",
        "@Layer final Win conv = new Win(3, 8, 3).padding(1).stride(2);",
        "@Layer final Linear fc = new Linear(8 * 16 * 16, 10);",
        "Tensor h = conv.apply(x);",
        "return fc.apply(h.flatten(1));");
    Compilation c = Sources.compile(WIN, src);
    assertThat(c).succeededWithoutWarnings();
    String kiln = Sources.generated(c, "test.KilnNet");
    assertThat(kiln).contains("value(B, 8, Math.floorDiv(H + 1, 2), Math.floorDiv(W + 1, 2))");
    assertThat(kiln).contains("Inputs.require((2048) == (8 * Math.floorDiv(H + 1, 2)"
        + " * Math.floorDiv(W + 1, 2)), \"fc = Linear(8 * 16 * 16, 10) (line "
        + src.line("new Linear(8") + ") expects input (*, 2048) but h.flatten(1) has shape"
        + " (B, 8*((H + 1)/2)*((W + 1)/2)), flattened from (B, 8, (H + 1)/2, (W + 1)/2)\"");
    // (H + 1)/2 >= 1 holds for every H >= 1: no check is generated for the output sizes.
    assertThat(kiln).doesNotContain(">= (1)");
  }

  @Test
  void channelMismatchNamesTheLayerAndSuggestsTheChannels() {
    Sources.Src src = model("B, 3, 32, 32",
        "@Layer final Win conv = new Win(1, 8, 3).padding(1);",
        "return conv.apply(x);");
    assertSingleError(Sources.compile(WIN, src), src, "return conv.apply(x);", "[kiln.shape]",
        "conv = Win(1, 8, 3).padding(1) (line " + src.line("new Win") + ") expects input"
            + " (*, 1, H, W) but x (@Shape(\"B, 3, 32, 32\")) has shape (B, 3, 32, 32); to accept"
            + " it, create Win(3, 8, 3).padding(1)");
  }

  @Test
  void kernelLargerThanThePaddedInputIsAnError() {
    Sources.Src src = model("B, 1, 4, 4",
        "@Layer final Win conv = new Win(1, 8, new int[] {3, 5});",
        "return conv.apply(x);");
    assertSingleError(Sources.compile(WIN, src), src, "return conv.apply(x);", "[kiln.shape]",
        "conv = Win(1, 8, new int[]{3, 5}) (line " + src.line("new Win") + ") computes output"
            + " size 0 < 1 for x (@Shape(\"B, 1, 4, 4\")) has shape (B, 1, 4, 4): its kernel is"
            + " larger than the (padded) input");
  }

  @Test
  void groupsNotDividingTheChannelsIsAnError() {
    Sources.Src src = model("B, 6, 8, 8",
        "@Layer final Win conv = new Win(6, 8, 3).groups(4);",
        "return conv.apply(x);");
    assertSingleError(Sources.compile(WIN, src), src, "return conv.apply(x);", "[kiln.shape]",
        "conv = Win(6, 8, 3).groups(4) (line " + src.line("new Win") + "): in_channels must be"
            + " divisible by groups (inChannels % groups == 0, with groups = 4, inChannels = 6)");
  }

  @Test
  void aStringOptionSelectsItsVariant() {
    Sources.Src src = model("B, 2, 9, 7",
        "@Layer final Win conv = new Win(2, 4, 3).padding(\"same\");",
        "@Layer final Linear fc = new Linear(4 * 9 * 7, 1);",
        "return fc.apply(conv.apply(x).flatten(1));");
    assertThat(Sources.compile(WIN, src)).succeededWithoutWarnings();
    Sources.Src strided = model("B, 2, 9, 7",
        "@Layer final Win conv = new Win(2, 4, 3).padding(\"same\").stride(2);",
        "return conv.apply(x);");
    assertSingleError(Sources.compile(WIN, strided), strided, "return conv.apply(x);",
        "[kiln.shape]", "padding='same' needs stride 1");
  }
}
