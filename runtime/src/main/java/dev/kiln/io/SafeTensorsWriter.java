package dev.kiln.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the safetensors layout: the 8-byte little-endian header length, the JSON header
 * ({@code __metadata__} first when there is any, then the tensors in map order, their data
 * contiguous in the same order) padded with spaces to a multiple of 8 bytes, then the data.
 */
final class SafeTensorsWriter {
  private SafeTensorsWriter() {}

  static void write(SafeTensorsFile file, WritableByteChannel out) throws IOException {
    writeFully(out, header(file));
    for (StoredTensor t : file.tensors().values()) {
      writeFully(out, t.data().duplicate());
    }
  }

  /** The length prefix and the padded header. */
  static ByteBuffer header(SafeTensorsFile file) {
    StringBuilder json = new StringBuilder("{");
    if (!file.metadata().isEmpty()) {
      json.append(quote(Header.METADATA)).append(":{");
      String sep = "";
      for (Map.Entry<String, String> e : file.metadata().entrySet()) {
        json.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        sep = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, StoredTensor> e : file.tensors().entrySet()) {
      if (e.getKey().equals(Header.METADATA)) {
        throw new IllegalArgumentException("a tensor cannot be named " + Header.METADATA);
      }
      StoredTensor t = e.getValue();
      long size = t.data().remaining();
      json.append(json.length() > 1 ? "," : "").append(quote(e.getKey()))
          .append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":")
          .append(Arrays.toString(t.shape()).replace(" ", ""))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + size)
          .append("]}");
      offset += size;
    }
    byte[] text = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded).put(text);
    while (b.hasRemaining()) {
      b.put((byte) ' ');
    }
    return b.flip();
  }

  private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
