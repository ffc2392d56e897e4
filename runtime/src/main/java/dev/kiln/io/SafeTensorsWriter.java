package dev.kiln.io;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the safetensors layout: the 8-byte little-endian header length, the JSON header
 * ({@code __metadata__} first when there is any, then the tensors in map order, their data
 * contiguous in the same order) padded with spaces to a multiple of 8 bytes, then the data.
 */
final class SafeTensorsWriter {
  private static final int CHUNK = 1 << 20;

  private SafeTensorsWriter() {}

  static void write(SafeTensorsFile file, WritableByteChannel out) throws IOException {
    List<Slot> slots = new ArrayList<>();
    file.tensors().forEach((k, t) -> slots.add(new Slot(k, t.dtype(), t.shape())));
    writeFully(out, header(file.metadata(), slots));
    for (StoredTensor t : file.tensors().values()) {
      writeFully(out, t.data().duplicate());
    }
  }

  /** Writes float32 tensors as F32, converting one chunk at a time (no copy of the whole file). */
  static void writeFloats(Map<String, Tensor> tensors, Map<String, String> metadata,
      WritableByteChannel out) throws IOException {
    List<Slot> slots = new ArrayList<>();
    tensors.forEach((k, t) -> slots.add(new Slot(k, DType.F32, t.shape())));
    writeFully(out, header(metadata, slots));
    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : tensors.values()) {
      float[] values = t.toFloatArray();
      for (int i = 0; i < values.length; i += CHUNK / 4) {
        int n = Math.min(CHUNK / 4, values.length - i);
        chunk.clear();
        chunk.asFloatBuffer().put(values, i, n);
        chunk.limit(4 * n);
        writeFully(out, chunk);
      }
    }
  }

  /** The length prefix and the padded header. */
  private static ByteBuffer header(Map<String, String> metadata, List<Slot> slots) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append(quote(Header.METADATA)).append(":{");
      String sep = "";
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        json.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        sep = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Slot t : slots) {
      if (t.name().equals(Header.METADATA)) {
        throw new IllegalArgumentException("a tensor cannot be named " + Header.METADATA);
      }
      long size = (long) Shapes.numel(t.shape()) * t.dtype().size();
      json.append(json.length() > 1 ? "," : "").append(quote(t.name()))
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

  private record Slot(String name, DType dtype, int[] shape) {}

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
