package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripPreservesNamesOrderShapesAndValues() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    float[] values = {1, -2.5f, 3e-8f, Float.MAX_VALUE, 0, -0f};
    tensors.put("z.weight", Tensor.of(values, 3, 2));
    tensors.put("a", Tensor.of(new float[] {7}));
    tensors.put("m\"id", Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2));
    Path file = dir.resolve("t.safetensors");
    SafeTensors.save(tensors, file);
    SafeTensors.save(tensors, file); // overwrites an existing file
    Map<String, Tensor> loaded = SafeTensors.load(file);
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(loaded.keySet()));
    for (String name : tensors.keySet()) {
      assertArrayEquals(tensors.get(name).shape(), loaded.get(name).shape(), name);
      assertArrayEquals(tensors.get(name).toFloatArray(), loaded.get(name).toFloatArray(), name);
    }
    assertEquals(0, (Files.size(file) - 8 - 4 * (6 + 1 + 4)) % 8, "header is 8-byte aligned");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temp file left behind");
    }
  }

  @Test
  void failedSaveKeepsPreviousFile() throws IOException {
    Path file = dir.resolve("keep.safetensors");
    SafeTensors.save(Map.of("x", Tensor.of(new float[] {1, 2}, 2)), file);
    byte[] before = Files.readAllBytes(file);
    Map<String, Tensor> failing = new LinkedHashMap<>(Map.of("y", Tensor.of(new float[] {3}))) {
      @Override
      public Collection<Tensor> values() {
        throw new IllegalStateException("boom");
      }
    };
    assertThrows(IllegalStateException.class, () -> SafeTensors.save(failing, file));
    assertArrayEquals(before, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temp file left behind");
    }
  }

  @Test
  void loadsFileWrittenByPythonScript() throws IOException {
    Path file = dir.resolve("small.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/io/small.safetensors")) {
      Files.copy(in, file);
    }
    Map<String, Tensor> loaded = SafeTensors.load(file);
    assertEquals(List.of("a", "b"), List.copyOf(loaded.keySet()));
    assertArrayEquals(new int[] {2, 3}, loaded.get("a").shape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, loaded.get("a").toFloatArray());
    assertArrayEquals(new int[] {4}, loaded.get("b").shape());
    assertArrayEquals(new float[] {1.5f, -2, 0, 3}, loaded.get("b").toFloatArray());
  }

  @Test
  void skipsMetadata() throws IOException {
    Path file = write("{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
    assertEquals(List.of("x"), List.copyOf(SafeTensors.load(file).keySet()));
  }

  @Test
  void truncatedFilesAreRejected() throws IOException {
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertMessage(tiny, "truncated");
    Path small = dir.resolve("small.safetensors");
    SafeTensors.save(Map.of("x", Tensor.of(new float[] {1, 2, 3, 4}, 4)), small);
    byte[] bytes = Files.readAllBytes(small);
    Files.write(small, Arrays.copyOf(bytes, bytes.length - 4));
    assertMessage(small, "truncated");
    Files.write(small, Arrays.copyOf(bytes, 20));
    assertMessage(small, "truncated");
  }

  @Test
  void badHeadersAreRejected() throws IOException {
    assertMessage(write("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}",
        new byte[4]), "F16");
    assertMessage(write("{\"x\":{\"dtype\":\"F32\",\"shape\":[2]", new byte[8]), "malformed");
    assertMessage(write("{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "dtype");
    assertMessage(write("{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", new byte[8]),
        "shape");
    assertMessage(write("{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", new byte[8]),
        "data_offsets");
    assertMessage(write("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
        new byte[8]), "needs 12");
  }

  private Path write(String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length);
    b.order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).put(data);
    Path file = Files.createTempFile(dir, "bad", ".safetensors");
    return Files.write(file, b.array());
  }

  private static void assertMessage(Path file, String expected) {
    IOException e = assertThrows(IOException.class, () -> SafeTensors.load(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
