package dev.kiln.examples.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kiln's data pipeline equals {@code tools/fixtures/char_data.py}'s (the PyTorch recipe's):
 * SplitMix64's numbers, the cleaned texts, the vocabulary and the batch order
 * ({@code tools/fixtures/make_char_data_fixtures.py} wrote the reference).
 */
class CharDataParityTest {
  private static Properties ref;

  @BeforeAll
  static void load() throws Exception {
    ref = new Properties();
    try (InputStream in = CharDataParityTest.class.getResourceAsStream(
        "/text/char_data_reference.properties")) {
      ref.load(in);
    }
  }

  @Test
  void splitMix64MatchesPython() {
    for (long seed : new long[] {0, 42, -1}) {
      SplitMix64 g = new SplitMix64(seed);
      String[] expected = ref.getProperty("splitmix." + seed).split(",");
      for (String e : expected) {
        assertEquals(new BigInteger(e).longValue(), g.next(), "seed " + seed);
      }
    }
    assertEquals(0xE220A8397B1DCDAFL, new SplitMix64(0).next());
    SplitMix64 g = new SplitMix64(7);
    for (String e : ref.getProperty("splitmix.7.doubles").split(",")) {
      assertEquals(Double.parseDouble(e), g.nextDouble(), 0.0);
    }
  }

  @Test
  void bundledSampleMatchesPython() throws Exception {
    CharCorpus c = CharCorpus.bundledSample();
    assertEquals(String.join(",", CharCorpus.SAMPLE_FILES), ref.getProperty("sample.files"));
    check("sample", c);
    SplitMix64 g = new SplitMix64(0);
    int[] train = c.trainTokens();
    for (int b = 0; b < 3; b++) {
      int[][] rows = CharBatches.windows(g, train, 32, 64);
      String[] starts = ref.getProperty("sample.batch" + b + ".starts").split(",");
      assertEquals(32, starts.length);
      for (int i = 0; i < 32; i++) {
        int s = Integer.parseInt(starts[i]);
        assertArrayEquals(Arrays.copyOfRange(train, s, s + 65), rows[i],
            "batch " + b + " row " + i);
      }
    }
  }

  @Test
  void debianFortunesMatchPython() throws Exception {
    assumeTrue(CharCorpus.present(CharCorpus.DEBIAN_DIR), "Debian's fortunes are not installed");
    long bytes = 0;
    for (var f : CharCorpus.fortuneFiles(CharCorpus.DEBIAN_DIR)) {
      bytes += Files.size(f);
    }
    assumeTrue(bytes == Long.parseLong(ref.getProperty("debian.bytes")),
        "another version of the fortunes package (" + bytes + " bytes)");
    check("debian", CharCorpus.load(CharCorpus.DEBIAN_DIR));
  }

  private static void check(String prefix, CharCorpus c) throws Exception {
    assertEquals(Integer.parseInt(ref.getProperty(prefix + ".entries")), c.entries().size());
    assertEquals(Integer.parseInt(ref.getProperty(prefix + ".train.chars")),
        c.trainText().length());
    assertEquals(Integer.parseInt(ref.getProperty(prefix + ".val.chars")), c.valText().length());
    assertEquals(ref.getProperty(prefix + ".train.sha256"), sha256(c.trainText()));
    assertEquals(ref.getProperty(prefix + ".val.sha256"), sha256(c.valText()));
    assertEquals(ref.getProperty(prefix + ".vocab.hex"),
        HexFormat.of().formatHex(new String(c.vocab()).getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Integer.parseInt(ref.getProperty(prefix + ".val.windows64")),
        CharBatches.validation(c.valTokens(), 64, Integer.MAX_VALUE).length);
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(s.getBytes(StandardCharsets.US_ASCII)));
  }
}
