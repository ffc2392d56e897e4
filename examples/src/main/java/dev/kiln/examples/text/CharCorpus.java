package dev.kiln.examples.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The text flagship's corpus: Debian's {@code fortunes} package ({@link #DEBIAN_DIR}) when it is
 * installed, otherwise the bundled sample of six of its files ({@code fortunes-sample/}, see its
 * NOTICE). {@code tools/fixtures/char_data.py} reads it identically for PyTorch.
 *
 * <p>Files: the plain-text fortune files of the directory in name order (not the {@code .dat}
 * indexes, not the {@code .u8} links, not {@code ascii-art}, which holds pictures). Entries are
 * separated by lines that are exactly {@code %}; each is cleaned:
 * <ol>
 *   <li>the file is decoded as UTF-8; {@code \r} is removed;</li>
 *   <li>overstrikes go: a character followed by a backspace is removed with it ({@code _\bA}
 *       and {@code A\bA} become {@code A}; one left-to-right pass);</li>
 *   <li>on every line each run of spaces and tabs becomes one space, trailing spaces go;</li>
 *   <li>leading and trailing blank lines go; an empty entry is dropped;</li>
 *   <li>an entry holding any character other than {@code \n} and printable ASCII (32-126) is
 *       dropped (42 of the 15,207 non-empty entries of Debian's files).</li>
 * </ol>
 * Entry {@code i} (counted from 0 over the whole corpus) belongs to the validation text when
 * {@code i % 10 == 9}, otherwise to the training text: a 90/10 split spread over every file. Each
 * text is its entries, each followed by a blank line ({@code "\n\n"}). The vocabulary is the
 * sorted set of characters of both texts (96 for Debian's files: {@code \n} and printable ASCII).
 */
public final class CharCorpus {
  /** Where Debian's {@code fortunes} package installs the fortune files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/games/fortunes");
  /** The bundled sample's files (resources under {@code /fortunes-sample/}). */
  public static final List<String> SAMPLE_FILES = List.of("education", "food", "humorists",
      "literature", "platitudes", "wisdom");
  private static final Set<String> SKIPPED = Set.of("ascii-art", "NOTICE");
  private static final Pattern OVERSTRIKE = Pattern.compile("[^\n]\b");
  private static final Pattern BLANKS = Pattern.compile("[ \t]+");

  private final String description;
  private final List<String> entries;
  private final String trainText;
  private final String valText;
  private final char[] vocab;
  private final int[] index = new int[128];
  private final int[] train;
  private final int[] val;

  private CharCorpus(String description, List<String> entries) {
    this.entries = List.copyOf(entries);
    StringBuilder tr = new StringBuilder();
    StringBuilder va = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      (i % 10 == 9 ? va : tr).append(entries.get(i)).append("\n\n");
    }
    trainText = tr.toString();
    valText = va.toString();
    TreeSet<Character> chars = new TreeSet<>();
    for (String s : List.of(trainText, valText)) {
      for (int i = 0; i < s.length(); i++) {
        chars.add(s.charAt(i));
      }
    }
    vocab = new char[chars.size()];
    java.util.Arrays.fill(index, -1);
    int k = 0;
    for (char c : chars) {
      index[c] = k;
      vocab[k++] = c;
    }
    train = encode(trainText);
    val = encode(valText);
    this.description = String.format(Locale.ROOT,
        "%s: %,d entries, %,d training and %,d validation characters, vocabulary %d",
        description, this.entries.size(), train.length, val.length, vocab.length);
  }

  /** Debian's fortunes when installed, else the bundled sample; {@code dir} when not null. */
  public static CharCorpus choose(Path dir) throws IOException {
    if (dir != null) {
      return load(dir);
    }
    return present(DEBIAN_DIR) ? load(DEBIAN_DIR) : bundledSample();
  }

  /** Whether {@code dir} holds at least one fortune file. */
  public static boolean present(Path dir) {
    try {
      return Files.isDirectory(dir) && !fortuneFiles(dir).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** The fortune files of {@code dir}. */
  public static CharCorpus load(Path dir) throws IOException {
    List<Path> files = fortuneFiles(dir);
    if (files.isEmpty()) {
      throw new IOException("no fortune files in " + dir);
    }
    List<String> entries = new ArrayList<>();
    for (Path f : files) {
      entries.addAll(entries(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)));
    }
    String what = dir.equals(DEBIAN_DIR) ? "Debian's fortunes (" + dir + ")" : dir.toString();
    return new CharCorpus(what, entries);
  }

  /** The bundled sample ({@link #SAMPLE_FILES}). */
  public static CharCorpus bundledSample() {
    List<String> entries = new ArrayList<>();
    for (String name : SAMPLE_FILES) {
      try (InputStream in = CharCorpus.class.getResourceAsStream("/fortunes-sample/" + name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource /fortunes-sample/" + name);
        }
        entries.addAll(entries(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new CharCorpus("the bundled fortunes sample (install Debian's fortunes for all 15,165"
        + " entries)", entries);
  }

  /** The plain-text fortune files of {@code dir}, in name order. */
  static List<Path> fortuneFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return !n.endsWith(".dat") && !n.endsWith(".u8") && !n.startsWith(".")
            && !n.endsWith(".txt") && !n.endsWith(".md") && !SKIPPED.contains(n)
            && !Files.isSymbolicLink(p) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
      }).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    }
  }

  /** The cleaned entries of one fortune file's text, in order. */
  static List<String> entries(String file) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean first = true;
    for (String line : file.split("\n", -1)) {
      if (line.equals("%") || line.equals("%\r")) {
        add(out, current.toString());
        current.setLength(0);
        first = true;
      } else {
        if (!first) {
          current.append('\n');
        }
        current.append(line);
        first = false;
      }
    }
    add(out, current.toString());
    return out;
  }

  private static void add(List<String> out, String raw) {
    String e = clean(raw);
    if (e != null) {
      out.add(e);
    }
  }

  /** One entry cleaned as the class says, or null when it is dropped. */
  static String clean(String entry) {
    String s = OVERSTRIKE.matcher(entry.replace("\r", "")).replaceAll("");
    StringBuilder b = new StringBuilder(s.length());
    for (String line : s.split("\n", -1)) {
      String l = BLANKS.matcher(line).replaceAll(" ");
      int end = l.length();
      while (end > 0 && l.charAt(end - 1) == ' ') {
        end--;
      }
      b.append(l, 0, end).append('\n');
    }
    int from = 0;
    int to = b.length();
    while (from < to && b.charAt(from) == '\n') {
      from++;
    }
    while (to > from && b.charAt(to - 1) == '\n') {
      to--;
    }
    if (from == to) {
      return null;
    }
    for (int i = from; i < to; i++) {
      char c = b.charAt(i);
      if (c != '\n' && (c < ' ' || c > '~')) {
        return null;
      }
    }
    return b.substring(from, to);
  }

  /** The token indices of {@code text}; throws naming a character outside the vocabulary. */
  public int[] encode(String text) {
    int[] out = new int[text.length()];
    for (int i = 0; i < out.length; i++) {
      char c = text.charAt(i);
      int k = c < index.length ? index[c] : -1;
      if (k < 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "character U+%04X at %d is not in the corpus' vocabulary", (int) c, i));
      }
      out[i] = k;
    }
    return out;
  }

  /** The characters of {@code tokens}. */
  public String decode(int... tokens) {
    StringBuilder b = new StringBuilder(tokens.length);
    for (int t : tokens) {
      b.append(vocab[t]);
    }
    return b.toString();
  }

  /** Where the text came from, with its sizes. */
  public String description() {
    return description;
  }

  public List<String> entries() {
    return entries;
  }

  public String trainText() {
    return trainText;
  }

  public String valText() {
    return valText;
  }

  /** The sorted vocabulary: token {@code i} is {@code vocab()[i]}. */
  public char[] vocab() {
    return vocab.clone();
  }

  public int vocabSize() {
    return vocab.length;
  }

  /** The training text's tokens (shared; do not modify). */
  int[] train() {
    return train;
  }

  /** The validation text's tokens (shared; do not modify). */
  int[] val() {
    return val;
  }

  /** A copy of the training tokens. */
  public int[] trainTokens() {
    return train.clone();
  }

  /** A copy of the validation tokens. */
  public int[] valTokens() {
    return val.clone();
  }
}
