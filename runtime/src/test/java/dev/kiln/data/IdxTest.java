package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files, gzipped or not, and clear errors for malformed ones. */
class IdxTest {
  @TempDir Path dir;

  /** An IDX file: magic, dims, body (big-endian). */
  static byte[] idx(int magic, int[] dims, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
    b.putInt(magic);
    Arrays.stream(dims).forEach(b::putInt);
    return b.put(body).array();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(raw)) {
      out.write(bytes);
    }
    return raw.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private IOException fails(Path file, String expected) {
    IOException e = assertThrows(IOException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    return e;
  }

  @Test
  void readsPlainAndGzippedImagesAndLabels() throws IOException {
    byte[] pixels = {0, 1, 2, (byte) 255, 4, 5, 6, 7, 8, 9, 10, 11};
    byte[] images = idx(0x803, new int[] {3, 2, 2}, pixels);
    byte[] labels = idx(0x801, new int[] {3}, new byte[] {9, 0, 3});
    for (Path p : new Path[] {write("images", images), write("images.gz", gzip(images)),
        write("gzip-without-suffix", gzip(images))}) {
      Idx.IdxData d = Idx.read(p);
      assertArrayEquals(new int[] {3, 2, 2}, d.dims(), p.toString());
      assertArrayEquals(pixels, d.data(), p.toString());
    }
    for (Path p : new Path[] {write("labels", labels), write("labels.gz", gzip(labels))}) {
      Idx.IdxData d = Idx.read(p);
      assertArrayEquals(new int[] {3}, d.dims());
      assertArrayEquals(new byte[] {9, 0, 3}, d.data());
    }
    Idx.IdxData empty = Idx.read(write("empty", idx(0x801, new int[] {0}, new byte[0])));
    assertArrayEquals(new int[] {0}, empty.dims());
  }

  @Test
  void wrongMagicSaysWhatWasExpected() throws IOException {
    String expected = "not an IDX file: magic number 0x%08X, expected 0x00000803 (images) or"
        + " 0x00000801 (labels)";
    fails(write("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 1, 2}),
        String.format(expected, 0x89504E47));
    fails(write("zero-dims", idx(0x800, new int[0], new byte[0])),
        String.format(expected, 0x800));
    fails(write("five-dims.gz", gzip(idx(0x805, new int[] {1, 1, 1, 1, 1}, new byte[1]))),
        String.format(expected, 0x805));
  }

  @Test
  void unsupportedElementTypesAreNamed() throws IOException {
    fails(write("floats", idx(0x0D03, new int[] {1, 1, 1}, new byte[4])),
        "unsupported IDX element type 0x0D (float32); only 0x08 (unsigned byte");
    fails(write("signed", idx(0x0901, new int[] {1}, new byte[1])),
        "unsupported IDX element type 0x09 (signed byte)");
    fails(write("junk", idx(0x4201, new int[] {1}, new byte[1])),
        "unsupported IDX element type 0x42 (not an IDX type)");
  }

  @Test
  void truncatedFilesGiveExpectedAndActualSizes() throws IOException {
    byte[] whole = idx(0x803, new int[] {2, 3, 4}, new byte[24]);
    fails(write("cut", Arrays.copyOf(whole, whole.length - 5)),
        "truncated: dimensions 2 x 3 x 4 need 40 bytes (24 data bytes), the file has 35");
    fails(write("cut.gz", gzip(Arrays.copyOf(whole, 30))),
        "truncated: dimensions 2 x 3 x 4 need 24 data bytes, found 14");
    fails(write("header", new byte[] {0, 0}), "truncated: the file ends in the header, reading"
        + " the 4-byte magic number");
    fails(write("dims", Arrays.copyOf(whole, 10)), "truncated: the file ends in the header,"
        + " reading dimension 1");
  }

  @Test
  void aCutGzipStreamIsTruncation() throws IOException {
    byte[] body = new byte[20_000];
    new java.util.Random(1).nextBytes(body);
    byte[] gz = gzip(idx(0x801, new int[] {20_000}, body));
    fails(write("stream.gz", Arrays.copyOf(gz, gz.length / 2)), "truncated: dimensions 20000"
        + " need 20000 data bytes, found ");
    fails(write("stream2.gz", Arrays.copyOf(gz, gz.length / 2)), "before the gzip stream ended");
    fails(write("corrupt.gz", new byte[] {0x1f, (byte) 0x8b, 0, 0, 0}), "corrupt gzip data");
  }

  @Test
  void trailingDataIsRejected() throws IOException {
    byte[] extra = idx(0x801, new int[] {2}, new byte[3]);
    fails(write("extra", extra), "trailing data: dimensions 2 need 10 bytes (2 data bytes),"
        + " the file has 11");
    fails(write("extra.gz", gzip(extra)), "trailing data after the 2 data bytes");
  }

  @Test
  void hugeDimensionsFailFastWithoutAllocating() throws IOException {
    Path huge = write("huge", idx(0x803, new int[] {65536, 65536, 65536}, new byte[0]));
    Path big = write("big.gz", gzip(idx(0x803, new int[] {60000, 1000, 28}, new byte[0])));
    Path negative = write("negative", idx(0x803, new int[] {2, -28, 28}, new byte[0]));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      fails(huge, "dimensions 65536 x 65536 x 65536 are too large: more than 2147483639 bytes");
      fails(big, "truncated: dimensions 60000 x 1000 x 28 need 1680000016 bytes, more than a ");
      fails(negative, "negative dimension 1: -28");
    });
  }
}
