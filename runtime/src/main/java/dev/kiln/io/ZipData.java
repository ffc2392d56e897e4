package dev.kiln.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The bytes of one checked {@link ZipEntry}: a view of the archive for a stored entry (nothing
 * copied), or for a deflated one a heap buffer of exactly its declared size, which the caller
 * has checked before asking. Either way the CRC-32 must match the directory's.
 */
final class ZipData {
  private ZipData() {}

  static ByteBuffer read(ByteBuffer zip, ZipEntry e, String source) throws TorchFileException {
    ByteBuffer raw = zip.slice((int) e.dataOffset(), (int) e.compressedSize());
    ByteBuffer data = e.method() == 0 ? raw : inflate(raw, e, source);
    CRC32 crc = new CRC32();
    crc.update(data.duplicate());
    if ((int) crc.getValue() != e.crc()) {
      throw TorchFileException.fail(source, "entry '" + e.name() + "' is corrupt (CRC-32 "
          + Integer.toHexString((int) crc.getValue()) + ", the directory says "
          + Integer.toHexString(e.crc()) + ")");
    }
    return data;
  }

  private static ByteBuffer inflate(ByteBuffer raw, ZipEntry e, String source)
      throws TorchFileException {
    if (e.size() > Integer.MAX_VALUE - 8) {
      throw TorchFileException.fail(source, "entry '" + e.name() + "' is over 2 GB");
    }
    byte[] out = new byte[(int) e.size()];
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(raw);
      int n = 0;
      while (n < out.length && !inflater.finished()) {
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != out.length || !inflater.finished()) {
        throw TorchFileException.fail(source, "entry '" + e.name() + "' does not inflate to"
            + " its declared " + e.size() + " bytes");
      }
      return ByteBuffer.wrap(out);
    } catch (DataFormatException ex) {
      throw TorchFileException.fail(source, "entry '" + e.name() + "' is not valid deflate data: "
          + ex.getMessage());
    } finally {
      inflater.end();
    }
  }
}
