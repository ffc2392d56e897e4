package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** ModuleList and ModuleDict fields in forward bodies: loops, constant gets, their errors. */
class ModuleCollectionsTest {
  /** A model with {@code fields}, a constructor body {@code ctor} and a forward body. */
  private static Sources.Src net(String[] fields, String[] ctor, String... body) {
    java.util.List<String> l = new java.util.ArrayList<>(java.util.List.of(
        "import dev.kiln.nn.ModuleList;", "import dev.kiln.nn.ModuleDict;",
        "@Model", "public abstract class Net extends Module {"));
    for (String f : fields) {
      l.add("  " + f);
    }
    l.add("  Net(int depth) {");
    for (String s : ctor) {
      l.add("    " + s);
    }
    l.add("  }");
    l.add("  @Forward");
    l.add("  public Tensor forward(@Shape(\"B, 8\") Tensor x) {");
    for (String s : body) {
      l.add("    " + s);
    }
    l.add("  }");
    l.add("}");
    return Sources.of("Net", l.toArray(String[]::new));
  }

  private static final String[] LIST = {"@Layer final ModuleList<Linear> blocks;"};

  @Test
  void aListFilledInALoopBecomesOneChainAndOneFilledElementByElementIsUnrolled() {
    Sources.Src src = net(new String[] {LIST[0], "@Layer final ModuleList<Linear> pair;"},
        new String[] {"blocks = new ModuleList<>();",
            "for (int i = 0; i < depth; i++) { blocks.add(new Linear(8, 8)); }",
            "pair = new ModuleList<>(new Linear(8, 4), new Linear(4, 2));"},
        "Tensor h = x;", "for (Linear b : blocks) { h = b.apply(h); }",
        "for (Linear p : pair) { h = relu(p.apply(h)); }", "return h;");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    String gen = Sources.generated(c, "test.KilnNet");
    assertThat(gen).contains("new ListChain(blocks, 1)");
    assertThat(gen).contains("pair.get(0, 2).forwardReluInto(");
    assertThat(gen).contains("pair.get(1, 2).forwardReluInto(");
  }

  @Test
  void elementsOfALoopFilledListThatChangeTheWidthDoNotChain() {
    Sources.Src src = net(LIST, new String[] {"blocks = new ModuleList<>();",
        "for (int i = 0; i < depth; i++) { blocks.add(new Linear(8, 16)); }"},
        "Tensor h = x;", "for (Linear b : blocks) { h = b.apply(h); }", "return h;");
    assertSingleError(Sources.compile(src), src, "for (Linear b : blocks)", "[kiln.shape]",
        "the elements of ModuleList 'blocks' do not chain: an element turns (B, 8) into (B, 16),"
            + " but in a loop over the list each element's output is the next one's input, so it"
            + " must keep the shape (B, 8)");
  }

  @Test
  void anUnrolledElementIsCheckedOnItsOwnLine() {
    Sources.Src src = net(LIST, new String[] {"blocks = new ModuleList<>();",
        "blocks.add(new Linear(8, 4));", "blocks.add(new Linear(8, 2));"},
        "Tensor h = x;", "for (Linear b : blocks) { h = b.apply(h); }", "return h;");
    assertSingleError(Sources.compile(src), src, "for (Linear b : blocks)", "[kiln.shape]",
        "blocks[1] = Linear(8, 2) (line " + src.line("blocks.add(new Linear(8, 2))")
            + ") expects input (*, 8) but h has shape (B, 4)");
  }

  @Test
  void constantGetsOnListsAndDicts() {
    Sources.Src src = net(new String[] {LIST[0], "@Layer final ModuleDict<Linear> heads;"},
        new String[] {"blocks = new ModuleList<>(new Linear(8, 8), new Linear(8, 3));",
            "heads = new ModuleDict<>();", "heads.put(\"a\", new Linear(3, 5));"},
        "Tensor h = blocks.get(-1).apply(blocks.get(0).apply(x));",
        "return heads.get(\"b\").apply(h);");
    assertSingleError(Sources.compile(src), src, "return heads.get(\"b\")", "[kiln.layer]",
        "ModuleDict 'heads' has no key \"b\"; its keys are [a]");
  }

  @Test
  void aLoopFilledListNeedsTheOneStatementChainBody() {
    Sources.Src src = net(LIST, new String[] {"blocks = new ModuleList<>();",
        "for (int i = 0; i < depth; i++) { blocks.add(new Linear(8, 8)); }"},
        "Tensor h = x;", "for (Linear b : blocks) { h = h.add(b.apply(h)); }", "return h;");
    assertSingleError(Sources.compile(src), src, "for (Linear b : blocks)", "[kiln.unsupported]",
        "the body of a loop over ModuleList 'blocks', whose length is known only when the model"
            + " is made, must be the one statement 'h = b.apply(h, ...)'");
  }

  @Test
  void aListHasNoForwardOfItsOwn() {
    Sources.Src src = net(LIST, new String[] {"blocks = new ModuleList<>(new Linear(8, 8));"},
        "return blocks.apply(x);");
    assertSingleError(Sources.compile(src), src, "return blocks.apply(x);", "[kiln.unsupported]",
        "'blocks' holds layers but has no forward of its own");
  }

  @Test
  void aListNeverFilledIsAnError() {
    Sources.Src src = net(LIST, new String[] {"blocks = new ModuleList<>();"}, "return x;");
    assertSingleError(Sources.compile(src), src, "blocks = new ModuleList<>();", "[kiln.layer]",
        "ModuleList 'blocks' is never filled");
  }
}
