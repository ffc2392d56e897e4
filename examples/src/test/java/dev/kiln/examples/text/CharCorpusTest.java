package dev.kiln.examples.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, cleaning, split and vocabulary of {@link CharCorpus} on small fortune files. */
class CharCorpusTest {
  @TempDir Path dir;

  @Test
  void cleaningRules() {
    assertEquals("A quote.\n -- Author", CharCorpus.clean("\nA  quote.  \n\t\t-- Author\t\n\n"));
    assertEquals("Bold and under", CharCorpus.clean("B\bBo\bol\bld\bd and _\bu_\bn_\bd_\be_\br"));
    assertEquals("line one\n\nline three", CharCorpus.clean("line one\r\n\r\nline three\r\n"));
    assertNull(CharCorpus.clean("caf\u00e9"), "non-ASCII drops the entry");
    assertNull(CharCorpus.clean("bell\u0007"), "a control character drops the entry");
    assertNull(CharCorpus.clean(" \n\t\n"), "an empty entry is dropped");
  }

  @Test
  void entriesSplitAtPercentLines() {
    assertEquals(List.of("one", "two\n%not a separator", "three"),
        CharCorpus.entries("one\n%\ntwo\n%not a separator\n%\n%\nthree\n%\n"));
  }

  @Test
  void filesInNameOrderWithoutIndexesLinksOrPictures() throws Exception {
    write("zeta", "z1\n%\nz2\n%\n");
    write("alpha", "a1\n%\na2\n%\n");
    write("alpha.dat", "binary index");
    write("ascii-art", "(o_o)\n%\n");
    Files.createSymbolicLink(dir.resolve("alpha.u8"), dir.resolve("alpha"));
    CharCorpus c = CharCorpus.load(dir);
    assertEquals(List.of("a1", "a2", "z1", "z2"), c.entries());
    assertEquals(List.of("alpha", "zeta"), CharCorpus.fortuneFiles(dir).stream()
        .map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void ninetyTenSplitAndSortedVocabulary() throws Exception {
    StringBuilder f = new StringBuilder();
    List<String> expectTrain = new ArrayList<>();
    List<String> expectVal = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String e = "entry " + (char) ('a' + i);
      f.append(e).append("\n%\n");
      (i % 10 == 9 ? expectVal : expectTrain).add(e);
    }
    write("only", f.toString());
    CharCorpus c = CharCorpus.load(dir);
    assertEquals(25, c.entries().size());
    assertEquals(String.join("", expectTrain.stream().map(e -> e + "\n\n").toList()),
        c.trainText());
    assertEquals("entry j\n\nentry t\n\n", c.valText());
    char[] vocab = c.vocab();
    assertEquals('\n', vocab[0]);
    assertEquals(' ', vocab[1]);
    for (int i = 1; i < vocab.length; i++) {
      assertTrue(vocab[i - 1] < vocab[i], "sorted and distinct");
    }
    assertEquals(27, vocab.length, "newline, space and the letters a-y (e n r t y among them)");
    assertEquals(c.trainText().length(), c.trainTokens().length);
    assertEquals(c.trainText(), c.decode(c.trainTokens()));
    assertArrayEquals(new int[] {0, 1}, c.encode("\n "));
  }

  @Test
  void unknownCharacterIsNamed() throws Exception {
    write("only", "abc\n%\n");
    CharCorpus c = CharCorpus.load(dir);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.encode("abz"));
    assertEquals("character U+007A at 2 is not in the corpus' vocabulary", e.getMessage());
  }

  @Test
  void emptyDirectoryIsAnErrorAndChooseFallsBack() throws Exception {
    assertThrows(java.io.IOException.class, () -> CharCorpus.load(dir));
    CharCorpus sample = CharCorpus.bundledSample();
    assertEquals(1780, sample.entries().size());
    assertTrue(sample.description().startsWith("the bundled fortunes sample"),
        sample.description());
    CharCorpus chosen = CharCorpus.choose(null);
    assertEquals(CharCorpus.present(CharCorpus.DEBIAN_DIR) ? 15165 : 1780,
        chosen.entries().size(), chosen.description());
  }

  private void write(String name, String text) throws Exception {
    Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }
}
