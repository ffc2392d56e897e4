package dev.kiln.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST: images {@code *-idx3-ubyte} (magic
 * {@code 0x00000803}, dims {@code (N, rows, cols)}) and labels {@code *-idx1-ubyte} (magic
 * {@code 0x00000801}, dims {@code (N)}), gzipped or not (gzip is recognised by its magic bytes
 * {@code 1f 8b}, whatever the name). Layout, big-endian: two zero bytes, the element type
 * ({@code 0x08}, unsigned byte), the number of dimensions D, D sizes as int32, then the elements.
 * Malformed files fail with an {@link IOException} naming the file and the problem, checked
 * against the file's size before the data array is allocated.
 */
public final class Idx {
  private static final int UBYTE = 0x08;
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
  /** Deflate expands at most ~1032:1; a gzip file can't hold more than this many bytes each. */
  private static final long MAX_GZIP_RATIO = 1100;

  private Idx() {}

  /** The dimensions and the raw elements (unsigned bytes; mask with {@code 0xFF}). */
  public record IdxData(int[] dims, byte[] data) {}

  /** Reads an IDX file of unsigned bytes with 1 to 4 dimensions. */
  public static IdxData read(Path file) throws IOException {
    long fileSize = Files.size(file);
    boolean gzip = isGzip(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
      int magic = header(in, file, "the 4-byte magic number");
      if ((magic >>> 16) != 0 || (magic & 0xFF) == 0 || (magic & 0xFF) > 4) {
        throw new IOException(String.format("%s: not an IDX file: magic number 0x%08X, expected"
            + " 0x00000803 (images) or 0x00000801 (labels)", file, magic));
      }
      int type = (magic >>> 8) & 0xFF;
      if (type != UBYTE) {
        throw new IOException(String.format("%s: unsupported IDX element type 0x%02X (%s);"
            + " only 0x08 (unsigned byte, as in MNIST) is supported", file, type, typeName(type)));
      }
      int[] dims = new int[magic & 0xFF];
      long total = 1;
      for (int i = 0; i < dims.length; i++) {
        dims[i] = header(in, file, "dimension " + i);
        if (dims[i] < 0) {
          throw new IOException(file + ": negative dimension " + i + ": " + dims[i]);
        }
        total = Math.min(total * dims[i], Long.MAX_VALUE / Integer.MAX_VALUE);
      }
      String shape = Arrays.stream(dims).mapToObj(Integer::toString)
          .collect(Collectors.joining(" x "));
      if (total > MAX_BYTES) {
        throw new IOException(file + ": dimensions " + shape + " are too large: more than "
            + MAX_BYTES + " bytes, the most one array holds");
      }
      long expected = 4L + 4L * dims.length + total;
      if (!gzip && fileSize != expected) {
        throw new IOException(file + ": " + (fileSize < expected ? "truncated" : "trailing data")
            + ": dimensions " + shape + " need " + expected + " bytes (" + total
            + " data bytes), the file has " + fileSize);
      }
      if (gzip && expected > fileSize * MAX_GZIP_RATIO) {
        throw new IOException(file + ": truncated: dimensions " + shape + " need " + expected
            + " bytes, more than a " + fileSize + "-byte gzip file can hold");
      }
      byte[] data = new byte[(int) total];
      int n = 0;
      String cut = "";
      try {
        for (int r; n < total && (r = in.read(data, n, data.length - n)) >= 0; ) {
          n += r;
        }
      } catch (EOFException e) {
        cut = " before the gzip stream ended unexpectedly";
      }
      if (n < total) {
        throw new IOException(file + ": truncated: dimensions " + shape + " need " + total
            + " data bytes, found " + n + cut);
      }
      if (in.read() >= 0) {
        throw new IOException(file + ": trailing data after the " + total + " data bytes of"
            + " dimensions " + shape);
      }
      return new IdxData(dims, data);
    } catch (ZipException e) {
      throw new IOException(file + ": corrupt gzip data: " + e.getMessage(), e);
    }
  }

  private static int header(DataInputStream in, Path file, String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IOException(file + ": truncated: the file ends in the header, reading " + what);
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "int16";
      case 0x0C -> "int32";
      case 0x0D -> "float32";
      case 0x0E -> "float64";
      default -> "not an IDX type";
    };
  }
}
