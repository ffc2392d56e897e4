package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kiln-written files round-trip bitwise, in every dtype, with metadata, rank 0 and size 0. */
class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void floatTensorsRoundTripBitwise() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    float[] values = {1, -2.5f, 3e-8f, Float.MAX_VALUE, Float.MIN_VALUE, -0f,
        Float.intBitsToFloat(0x7fc00123), Float.NEGATIVE_INFINITY};
    tensors.put("z.weight", Tensor.of(values, 4, 2));
    tensors.put("scalar", Tensor.scalar(7));
    tensors.put("empty", Tensor.zeros(0, 3));
    tensors.put("m\"id\\\n", Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2));
    Path file = dir.resolve("t.safetensors");
    SafeTensors.save(tensors, Map.of("format", "pt"), file);
    Map<String, Tensor> loaded = SafeTensors.load(file);
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(loaded.keySet()));
    for (String name : tensors.keySet()) {
      assertArrayEquals(tensors.get(name).shape(), loaded.get(name).shape(), name);
      assertArrayEquals(bits(tensors.get(name)), bits(loaded.get(name)), name);
    }
    assertEquals(Map.of("format", "pt"), SafeTensors.read(file).metadata());
    Path again = dir.resolve("again.safetensors");
    SafeTensors.save(loaded, Map.of("format", "pt"), again);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
  }

  @Test
  void everyDtypeRoundTripsItsBytes() throws IOException {
    Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    int i = 0;
    for (DType t : DType.values()) {
      byte[] raw = new byte[3 * t.size()];
      for (int k = 0; k < raw.length; k++) {
        raw[k] = (byte) (31 * i + 7 * k);
      }
      tensors.put(t.name().toLowerCase(), StoredTensor.of(t, new int[] {3}, raw));
      tensors.put(t.name().toLowerCase() + ".scalar", StoredTensor.of(t, new int[0],
          new byte[t.size()]));
      tensors.put(t.name().toLowerCase() + ".empty", StoredTensor.of(t, new int[] {2, 0}, new byte[0]));
      i++;
    }
    SafeTensorsFile original = new SafeTensorsFile(tensors, Map.of("epoch", "3", "note", "\u00e9"));
    Path file = dir.resolve("typed.safetensors");
    SafeTensors.write(original, file);
    SafeTensorsFile read = SafeTensors.read(file);
    assertEquals(original, read);
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
    Path copy = dir.resolve("copy.safetensors");
    SafeTensors.write(read, copy);
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(bytes, Files.readAllBytes(copy));
    assertEquals(original, SafeTensors.read(ByteBuffer.wrap(bytes)));
    long headerLength = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "header padded to 8 bytes");
  }

  @Test
  void aTensorMayNotBeNamedMetadata() {
    Map<String, Tensor> bad = Map.of("__metadata__", Tensor.scalar(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.save(bad, dir.resolve("bad.safetensors")));
    assertEquals("a tensor cannot be named __metadata__", e.getMessage());
  }

  private static int[] bits(Tensor t) {
    float[] f = t.toFloatArray();
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Float.floatToRawIntBits(f[i]);
    }
    return out;
  }
}
