package dev.kiln.io;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and saves float32 tensors in the <a href="https://github.com/huggingface/safetensors">
 * safetensors</a> format: an 8-byte little-endian header length, a JSON header mapping each name
 * to its dtype, shape and byte range, then the raw little-endian data.
 */
public final class SafeTensors {
  private SafeTensors() {}

  /**
   * Reads every tensor of the file, in header order, skipping {@code __metadata__}. Only dtype
   * {@code F32} is supported; any malformed or truncated file throws an {@link IOException}.
   */
  public static Map<String, Tensor> load(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    if (bytes.length < 8) {
      throw fail(path, "truncated: " + bytes.length + " bytes, too short for the header length");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen = buf.getLong(0);
    if (headerLen < 0 || headerLen > bytes.length - 8) {
      throw fail(path, "truncated: header length " + headerLen + " exceeds the "
          + (bytes.length - 8) + " bytes after it");
    }
    int dataStart = 8 + (int) headerLen;
    Object header;
    try {
      String text = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
      header = SafeTensorsHeader.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail(path, "malformed header JSON: " + e.getMessage());
    }
    if (!(header instanceof Map)) {
      throw fail(path, "malformed header JSON: not an object");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) header).entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        continue;
      }
      String where = "tensor '" + name + "'";
      if (!(e.getValue() instanceof Map)) {
        throw fail(path, where + ": entry is not an object");
      }
      Map<?, ?> info = (Map<?, ?>) e.getValue();
      Object dtype = info.get("dtype");
      if (dtype == null) {
        throw fail(path, where + ": missing dtype");
      }
      if (!"F32".equals(dtype)) {
        throw fail(path, where + ": unsupported dtype " + dtype + " (only F32 is supported)");
      }
      int[] shape = ints(path, where, "shape", info.get("shape"), -1);
      int[] offsets = ints(path, where, "data_offsets", info.get("data_offsets"), 2);
      long numel = 1;
      for (int d : shape) {
        numel *= d;
        if (numel > Integer.MAX_VALUE / 4) {
          throw fail(path, where + ": shape " + Shapes.toString(shape) + " is too large");
        }
      }
      if (offsets[0] > offsets[1] || offsets[1] > bytes.length - dataStart) {
        throw fail(path, where + ": data_offsets [" + offsets[0] + ", " + offsets[1]
            + "] out of range for " + (bytes.length - dataStart) + " data bytes (truncated?)");
      }
      if (offsets[1] - offsets[0] != numel * 4) {
        throw fail(path, where + ": data_offsets span " + (offsets[1] - offsets[0])
            + " bytes but shape " + Shapes.toString(shape) + " needs " + numel * 4);
      }
      float[] data = new float[(int) numel];
      buf.slice(dataStart + offsets[0], (int) numel * 4).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(data);
      out.put(name, Tensor.of(data, shape));
    }
    return out;
  }

  /**
   * Writes {@code tensors} as F32 in map order. The file is written beside {@code path} and then
   * moved over it, so a failed save leaves any previous file intact.
   */
  public static void save(Map<String, Tensor> tensors, Path path) throws IOException {
    StringBuilder json = new StringBuilder("{");
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      long size = 4L * e.getValue().numel();
      json.append(json.length() > 1 ? "," : "").append(quote(e.getKey()))
          .append(":{\"dtype\":\"F32\",\"shape\":")
          .append(Arrays.toString(e.getValue().shape()).replace(" ", ""))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + size)
          .append("]}");
      offset += size;
    }
    byte[] text = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    byte[] header = Arrays.copyOf(text, (text.length + 7) / 8 * 8);
    Arrays.fill(header, text.length, header.length, (byte) ' ');
    Path target = path.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(header.length).array());
        out.write(header);
        for (Tensor t : tensors.values()) {
          float[] data = t.toFloatArray();
          ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          bb.asFloatBuffer().put(data);
          out.write(bb.array());
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static int[] ints(Path path, String where, String field, Object value, int length)
      throws IOException {
    if (value == null) {
      throw fail(path, where + ": missing " + field);
    }
    if (!(value instanceof List) || (length >= 0 && ((List<?>) value).size() != length)) {
      throw fail(path, where + ": " + field + " must be a list"
          + (length >= 0 ? " of " + length + " integers" : " of integers"));
    }
    List<?> list = (List<?>) value;
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = list.get(i);
      if (!(v instanceof Long) || (Long) v < 0 || (Long) v > Integer.MAX_VALUE) {
        throw fail(path, where + ": " + field + " holds " + v + ", not a non-negative int");
      }
      out[i] = (int) (long) (Long) v;
    }
    return out;
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

  private static IOException fail(Path path, String problem) {
    return new IOException(path + ": " + problem);
  }
}
