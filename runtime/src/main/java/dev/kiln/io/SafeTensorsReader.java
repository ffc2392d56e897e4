package dev.kiln.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors files without copying their data: the header (at most
 * {@value Header#MAX_LENGTH} bytes, checked against the file size before it is allocated) is
 * read and validated, then the data is memory-mapped read-only and each tensor is a view of it.
 */
final class SafeTensorsReader {
  private SafeTensorsReader() {}

  static SafeTensorsFile read(Path path) throws IOException {
    String source = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw Header.fail(source, "truncated: " + size
            + " bytes, too short for the 8-byte header length");
      }
      long length = readFully(ch, ByteBuffer.allocate(8), 0).order(ByteOrder.LITTLE_ENDIAN)
          .getLong(0);
      Header.checkLength(source, length, size);
      ByteBuffer text = readFully(ch, ByteBuffer.allocate((int) length), 8);
      long start = 8 + length;
      long dataLength = size - start;
      Header header = Header.parse(source, text, dataLength);
      Map<String, StoredTensor> tensors = new LinkedHashMap<>();
      ByteBuffer all = dataLength <= Integer.MAX_VALUE ? map(ch, start, dataLength) : null;
      for (Header.Entry e : header.entries) {
        int bytes = (int) (e.end() - e.begin());
        ByteBuffer data = all != null ? all.slice((int) e.begin(), bytes)
            : map(ch, start + e.begin(), bytes);
        tensors.put(e.name(), new StoredTensor(e.dtype(), e.shape(), data));
      }
      return new SafeTensorsFile(tensors, header.metadata);
    }
  }

  static SafeTensorsFile read(ByteBuffer bytes, String source) throws SafeTensorsException {
    ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < 8) {
      throw Header.fail(source, "truncated: " + b.remaining()
          + " bytes, too short for the 8-byte header length");
    }
    long length = b.getLong(0);
    Header.checkLength(source, length, b.remaining());
    int start = 8 + (int) length;
    Header header = Header.parse(source, b.slice(8, (int) length), b.remaining() - start);
    Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    for (Header.Entry e : header.entries) {
      ByteBuffer data = b.slice(start + (int) e.begin(), (int) (e.end() - e.begin()));
      tensors.put(e.name(), new StoredTensor(e.dtype(), e.shape(), data));
    }
    return new SafeTensorsFile(tensors, header.metadata);
  }

  private static ByteBuffer map(FileChannel ch, long position, long length) throws IOException {
    return length == 0 ? ByteBuffer.allocate(0)
        : ch.map(FileChannel.MapMode.READ_ONLY, position, length);
  }

  private static ByteBuffer readFully(FileChannel ch, ByteBuffer dst, long position)
      throws IOException {
    while (dst.hasRemaining()) {
      if (ch.read(dst, position + dst.position()) < 0) {
        throw new EOFException("file shrank while being read");
      }
    }
    return dst.flip();
  }
}
