package dev.kiln.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated safetensors header. {@link #parse} checks everything the format requires before a
 * single tensor byte is touched: UTF-8 JSON starting with <code>{</code>, no duplicate names,
 * known dtypes, non-negative dimensions, byte lengths equal to element count × dtype size, and
 * data offsets that tile the data exactly (sorted, contiguous from 0 to its end: no overlap, gap
 * or trailing byte).
 */
final class Header {
  /** The reference implementation's cap on the header length. */
  static final long MAX_LENGTH = 100_000_000;
  static final String METADATA = "__metadata__";

  /** One tensor's entry; {@code begin} and {@code end} are offsets into the data. */
  record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

  final List<Entry> entries;
  final Map<String, String> metadata;

  private Header(List<Entry> entries, Map<String, String> metadata) {
    this.entries = entries;
    this.metadata = metadata;
  }

  /** Checks a header length read from a file of {@code fileSize} bytes. */
  static void checkLength(String source, long length, long fileSize) throws SafeTensorsException {
    if (length < 0 || length > fileSize - 8) {
      throw fail(source, "truncated: header length " + Long.toUnsignedString(length)
          + " runs past the end of the file (" + (fileSize - 8) + " bytes follow it)");
    }
    if (length > MAX_LENGTH) {
      throw fail(source, "header length " + length + " exceeds the limit of " + MAX_LENGTH
          + " bytes");
    }
  }

  /** Parses and validates {@code header}, followed in the file by {@code dataLength} bytes. */
  static Header parse(String source, ByteBuffer header, long dataLength)
      throws SafeTensorsException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(header).toString();
    } catch (CharacterCodingException e) {
      throw fail(source, "header is not valid UTF-8");
    }
    if (!text.startsWith("{")) {
      throw fail(source, "header is not a JSON object: it must begin with '{'");
    }
    Map<?, ?> json;
    try {
      json = (Map<?, ?>) Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail(source, "header is not valid JSON: " + e.getMessage());
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : json.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals(METADATA)) {
        metadata(source, e.getValue(), metadata);
      } else {
        entries.add(HeaderEntries.entry(source, name, e.getValue(), dataLength));
      }
    }
    checkTiling(source, entries, dataLength);
    return new Header(List.copyOf(entries), metadata);
  }

  private static void metadata(String source, Object value, Map<String, String> out)
      throws SafeTensorsException {
    if (!(value instanceof Map)) {
      throw fail(source, METADATA + " must be an object mapping names to strings");
    }
    for (Map.Entry<?, ?> m : ((Map<?, ?>) value).entrySet()) {
      if (!(m.getValue() instanceof String)) {
        throw fail(source, METADATA + " must map names to strings, but '" + m.getKey()
            + "' holds " + m.getValue());
      }
      out.put((String) m.getKey(), (String) m.getValue());
    }
  }

  private static void checkTiling(String source, List<Entry> entries, long dataLength)
      throws SafeTensorsException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin() < expected) {
        throw fail(source, "tensor '" + e.name() + "': data_offsets " + range(e)
            + " overlap tensor '" + previous.name() + "' " + range(previous));
      }
      if (e.begin() > expected) {
        throw fail(source, "tensor '" + e.name() + "': data_offsets " + range(e)
            + " leave a gap: data bytes [" + expected + ", " + e.begin()
            + ") belong to no tensor");
      }
      expected = e.end();
      previous = e;
    }
    if (expected != dataLength) {
      throw fail(source, "trailing bytes: " + (dataLength - expected) + " bytes after "
          + (previous == null ? "the header, which names no tensor"
              : "the last tensor, '" + previous.name() + "', which ends at " + expected));
    }
  }

  static String range(Entry e) {
    return "[" + e.begin() + ", " + e.end() + "]";
  }

  static SafeTensorsException fail(String source, String problem) {
    return new SafeTensorsException(source + ": " + problem);
  }
}
