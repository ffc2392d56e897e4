package dev.kiln.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a zip archive's central directory by hand, trusting nothing: the end record must be where
 * it says, every entry's name must be a plain relative path ({@link ZipNames}), unique, stored or
 * deflated, unencrypted, with a local header that repeats its name, and its bytes must lie before
 * the directory without overlapping another entry's (overlapping entries are the trick behind
 * the smallest zip bombs). Deflated entries may expand at most {@value #MAX_RATIO} times.
 */
final class ZipDirectory {
  static final int MAX_RATIO = 100;
  private static final int END = 0x06054b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int LOCAL = 0x04034b50;

  private ZipDirectory() {}

  /** The entries of {@code zip} (little-endian, position 0) by name, in directory order. */
  static Map<String, ZipEntry> read(ByteBuffer zip, String source) throws TorchFileException {
    ByteBuffer b = zip.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int end = findEnd(b, source);
    int count = b.getShort(end + 10) & 0xffff;
    long cdSize = b.getInt(end + 12) & 0xffffffffL;
    long cdOffset = b.getInt(end + 16) & 0xffffffffL;
    if ((b.getShort(end + 4) | b.getShort(end + 6)) != 0
        || count != (b.getShort(end + 8) & 0xffff)) {
      throw fail(source, "a multi-disk zip archive");
    }
    if (cdOffset + cdSize > end || (long) count * 46 > cdSize) {
      throw fail(source, "its central directory (" + count + " entries, " + cdSize
          + " bytes at " + cdOffset + ") does not fit before the end record at " + end);
    }
    Map<String, ZipEntry> entries = new LinkedHashMap<>();
    int p = (int) cdOffset;
    for (int i = 0; i < count; i++) {
      if (p + 46 > cdOffset + cdSize || b.getInt(p) != CENTRAL) {
        throw fail(source, "central directory entry " + i + " at byte " + p + " is malformed");
      }
      int nameLength = b.getShort(p + 28) & 0xffff;
      int next = p + 46 + nameLength + (b.getShort(p + 30) & 0xffff)
          + (b.getShort(p + 32) & 0xffff);
      if (next > cdOffset + cdSize) {
        throw fail(source, "central directory entry " + i + " runs past the directory");
      }
      ZipEntry e = entry(b, p, name(b, p + 46, nameLength, source), (int) cdOffset, source);
      if (entries.put(e.name(), e) != null) {
        throw fail(source, "entry '" + e.name() + "' appears twice");
      }
      p = next;
    }
    checkNoOverlap(entries, source);
    return entries;
  }

  private static ZipEntry entry(ByteBuffer b, int p, String name, int cdOffset, String source)
      throws TorchFileException {
    int flags = b.getShort(p + 8) & 0xffff;
    int method = b.getShort(p + 10) & 0xffff;
    long compressed = b.getInt(p + 20) & 0xffffffffL;
    long size = b.getInt(p + 24) & 0xffffffffL;
    long local = b.getInt(p + 42) & 0xffffffffL;
    String at = "entry '" + name + "'";
    if ((flags & 0x41) != 0) {
      throw fail(source, at + " is encrypted");
    }
    if (method != 0 && method != 8) {
      throw fail(source, at + " uses compression method " + method
          + " (torch.save stores entries uncompressed)");
    }
    if (method == 0 && compressed != size) {
      throw fail(source, at + " is stored but claims " + size + " bytes from " + compressed);
    }
    if (method == 8 && size > (long) MAX_RATIO * compressed + 1024) {
      throw fail(source, at + " would inflate " + compressed + " bytes to " + size
          + ", a ratio over " + MAX_RATIO + " (a zip bomb?)");
    }
    if (local + 30 > cdOffset || b.getInt((int) local) != LOCAL) {
      throw fail(source, at + " has no local header at byte " + local);
    }
    int localName = b.getShort((int) local + 26) & 0xffff;
    long data = local + 30 + localName + (b.getShort((int) local + 28) & 0xffff);
    if (localName != name.getBytes(StandardCharsets.UTF_8).length || data > cdOffset
        || !b.slice((int) local + 30, localName).equals(
            ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8)))) {
      throw fail(source, at + ": its local header names another entry");
    }
    if (data + compressed > cdOffset) {
      throw fail(source, at + " (" + compressed + " bytes at " + data
          + ") runs into the central directory at " + cdOffset);
    }
    return new ZipEntry(name, method, b.getInt(p + 16), compressed, size, local, data);
  }

  private static int findEnd(ByteBuffer b, String source) throws TorchFileException {
    int size = b.limit();
    for (int p = size - 22; p >= Math.max(0, size - 22 - 0xffff); p--) {
      if (b.getInt(p) == END && p + 22 + (b.getShort(p + 20) & 0xffff) == size) {
        return p;
      }
    }
    throw fail(source, "not a zip archive (no end of central directory record; truncated?)");
  }

  private static String name(ByteBuffer b, int p, int length, String source)
      throws TorchFileException {
    String name;
    try {
      name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(b.slice(p, length)).toString();
    } catch (CharacterCodingException e) {
      throw fail(source, "an entry name is not UTF-8");
    }
    String problem = ZipNames.problem(name);
    if (problem != null) {
      throw fail(source, "entry name '" + name + "' is refused: " + problem);
    }
    return name;
  }

  private static void checkNoOverlap(Map<String, ZipEntry> entries, String source)
      throws TorchFileException {
    List<ZipEntry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong(ZipEntry::localOffset));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).localOffset() < sorted.get(i - 1).end()) {
        throw fail(source, "entries '" + sorted.get(i - 1).name() + "' and '"
            + sorted.get(i).name() + "' overlap");
      }
    }
  }

  private static TorchFileException fail(String source, String problem) {
    return TorchFileException.fail(source, problem);
  }
}
