package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading maps the file: the heap holds the header, not the data, even past 2 GB. */
class LargeFileTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @TempDir Path dir;

  @Test
  void reading64MbAllocatesAlmostNothing() throws Exception {
    float[] values = new float[16 << 20];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.5f;
    }
    Path file = dir.resolve("big.safetensors");
    SafeTensors.save(Map.of("w", Tensor.of(values, 4096, 4096)), file);
    SafeTensors.read(file); // warm up
    long allocated = allocated();
    long start = System.nanoTime();
    StoredTensor w = SafeTensors.read(file).tensors().get("w");
    long readMicros = (System.nanoTime() - start) / 1000;
    allocated = allocated() - allocated;
    assertTrue(allocated < 256 << 10, "read allocated " + allocated + " bytes");
    start = System.nanoTime();
    float[] loaded = SafeTensors.load(file).get("w").toFloatArray();
    long loadMillis = (System.nanoTime() - start) / 1_000_000;
    assertArrayEquals(values, loaded);
    assertEquals(0.5f * (values.length - 1),
        w.data().order(ByteOrder.LITTLE_ENDIAN).getFloat(4 * (values.length - 1)));
    System.out.println("LargeFileTest: read 64 MB in " + readMicros + " us (" + allocated
        + " bytes allocated), load as float32 in " + loadMillis + " ms");
  }

  @Test
  void filesOver2GbAreMappedTensorByTensor() throws Exception {
    int n = 1_200_000_000;
    String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[" + n + "],\"data_offsets\":[0," + n
        + "]},\"b\":{\"dtype\":\"U8\",\"shape\":[" + n + "],\"data_offsets\":[" + n + ","
        + 2L * n + "]}}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("sparse.safetensors");
    long dataStart = 8 + json.length;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
      f.write(json);
      f.setLength(dataStart + 2L * n); // sparse: reads as zeros
      f.seek(dataStart + 2L * n - 1);
      f.write(42);
    }
    long allocated = allocated();
    SafeTensorsFile read = SafeTensors.read(file);
    allocated = allocated() - allocated;
    assertTrue(allocated < 256 << 10, "read allocated " + allocated + " bytes");
    assertEquals(n, read.tensors().get("b").numel());
    assertEquals(42, read.tensors().get("b").data().get(n - 1));
    assertEquals(0, read.tensors().get("a").data().get(n - 1));
  }

  private static long allocated() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
