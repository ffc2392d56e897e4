package dev.kiln.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every kind of malformed safetensors file the reader must reject, by name, with a fragment of
 * the message it must give. Shared by {@link MalformedFilesTest} and the fuzzer's seed corpus.
 */
final class MalformedFiles {
  /** A malformed file and the message fragment its rejection must contain. */
  record Case(byte[] bytes, String message) {}

  private static final String X = "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  private MalformedFiles() {}

  static Map<String, Case> all() {
    Map<String, Case> c = new LinkedHashMap<>();
    c.put("shorter_than_8_bytes", new Case(new byte[] {1, 2, 3}, "truncated: 3 bytes"));
    c.put("empty_file", new Case(new byte[0], "truncated: 0 bytes"));
    c.put("header_length_huge", new Case(withLength(-1, "{}", 0),
        "header length 18446744073709551615 runs past the end of the file"));
    c.put("header_length_past_end", new Case(withLength(100, "{}", 0),
        "header length 100 runs past the end of the file (2 bytes follow it)"));
    c.put("header_not_utf8", new Case(file(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'},
        0), "header is not valid UTF-8"));
    c.put("header_not_json", new Case(file("{" + X, 8), "header is not valid JSON"));
    c.put("header_not_object", new Case(file("[1, 2]", 0), "must begin with '{'"));
    c.put("header_nested_too_deep", new Case(file("{\"x\":" + "[".repeat(5000), 0),
        "nested deeper than 16"));
    c.put("duplicate_names", new Case(file("{" + X + "," + X + "}", 8),
        "duplicate name \"x\""));
    c.put("overlapping_offsets", new Case(file("{" + X + ","
        + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
        "tensor 'y': data_offsets [4, 12] overlap tensor 'x' [0, 8]"));
    c.put("gapped_offsets", new Case(file("{" + X + ","
        + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16),
        "tensor 'y': data_offsets [12, 16] leave a gap: data bytes [8, 12) belong to no tensor"));
    c.put("offsets_out_of_range", new Case(file("{" + X + "}", 4),
        "tensor 'x': data_offsets [0, 8] are out of range: the data holds 4 bytes"));
    c.put("offsets_decreasing", new Case(file(
        "{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8),
        "tensor 'x': data_offsets [8, 0] are not an increasing pair"));
    c.put("byte_length_mismatch", new Case(file(
        "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
        "tensor 'x': data_offsets [0, 8] span 8 bytes but F32 shape [3] needs 3 * 4 = 12"));
    c.put("negative_dimension", new Case(file(
        "{\"x\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,8]}}", 8),
        "tensor 'x': negative dimension -1 in shape [2, -1]"));
    c.put("element_count_overflows", new Case(file("{\"x\":{\"dtype\":\"F32\",\"shape\":"
        + "[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", 8),
        "tensor 'x': the element count of shape [2147483647, 2147483647, 2147483647] overflows"));
    c.put("unknown_dtype", new Case(file(
        "{\"x\":{\"dtype\":\"F17\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
        "tensor 'x': unknown dtype 'F17'"));
    c.put("trailing_bytes", new Case(file("{" + X + "}", 12),
        "trailing bytes: 4 bytes after the last tensor, 'x', which ends at 8"));
    c.put("metadata_not_strings", new Case(file("{\"__metadata__\":{\"epoch\":3}," + X + "}", 8),
        "__metadata__ must map names to strings, but 'epoch' holds 3"));
    c.put("entry_not_object", new Case(file("{\"x\":[1]}", 0), "tensor 'x': entry is not an object"));
    c.put("shape_not_integers", new Case(file(
        "{\"x\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8),
        "tensor 'x': shape holds 2.5, not an integer"));
    c.put("f64_not_exact_f32", new Case(file(
        "{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).array()),
        "tensor 'x': cannot load as float32: F64 element 0 is 0.1, which float32 cannot hold"));
    return c;
  }

  /** A file with {@code header} and {@code dataLength} zero bytes of data. */
  static byte[] file(String header, int dataLength) {
    return file(header.getBytes(StandardCharsets.UTF_8), dataLength);
  }

  static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length).put(json).put(data).array();
  }

  private static byte[] file(byte[] header, int dataLength) {
    return ByteBuffer.allocate(8 + header.length + dataLength).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(header.length).put(header).array();
  }

  private static byte[] withLength(long length, String header, int dataLength) {
    byte[] b = file(header, dataLength);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
    return b;
  }
}
