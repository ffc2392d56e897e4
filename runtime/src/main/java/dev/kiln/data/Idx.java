package dev.kiln.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST ({@code *-idx3-ubyte} images
 * {@code (N, rows, cols)}, {@code *-idx1-ubyte} labels {@code (N)}), gzipped or not: a
 * big-endian magic {@code 0x000008DD} (unsigned bytes, D dimensions), D sizes, then the bytes.
 */
public final class Idx {
  private static final int UBYTE = 0x08;
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private Idx() {}

  /** The dimensions and the raw unsigned bytes of an IDX file. */
  public record IdxData(int[] dims, byte[] data) {}

  public static IdxData read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(open(file))) {
      int magic;
      try {
        magic = in.readInt();
      } catch (EOFException e) {
        throw new IOException(file + ": truncated: shorter than the 4-byte IDX magic number");
      }
      if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UBYTE || (magic & 0xFF) == 0
          || (magic & 0xFF) > 4) {
        throw new IOException(String.format("%s: not an IDX file of unsigned bytes: magic"
            + " 0x%08X, expected 0x00000801 (labels) or 0x00000803 (images)", file, magic));
      }
      int[] dims = new int[magic & 0xFF];
      long total = 1;
      for (int i = 0; i < dims.length; i++) {
        try {
          dims[i] = in.readInt();
        } catch (EOFException e) {
          throw new IOException(file + ": truncated in the header (dimension " + i + ")");
        }
        if (dims[i] < 0) {
          throw new IOException(file + ": negative dimension " + dims[i]);
        }
        total *= dims[i];
        if (total > MAX_BYTES) {
          throw new IOException(file + ": dimensions too large for one array");
        }
      }
      byte[] data = in.readNBytes((int) total);
      if (data.length != total) {
        throw new IOException(file + ": truncated: expected " + total + " data bytes, found "
            + data.length);
      }
      return new IdxData(dims, data);
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file));
    raw.mark(2);
    boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
    raw.reset();
    return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw;
  }
}
