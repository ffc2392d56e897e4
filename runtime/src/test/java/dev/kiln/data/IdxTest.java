package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files, gzipped or not; clear errors for wrong magic and truncation; MNIST directories. */
class IdxTest {
  @TempDir Path dir;

  private static byte[] idx(int magic, int[] dims, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
    b.putInt(magic);
    Arrays.stream(dims).forEach(b::putInt);
    return b.put(body).array();
  }

  private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
    Path p = dir.resolve(name + (gzip ? ".gz" : ""));
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      out.write(bytes);
    }
    return Files.write(p, raw.toByteArray());
  }

  @Test
  void readsPlainAndGzippedFiles() throws IOException {
    byte[] pixels = {0, 1, 2, (byte) 255, 4, 5, 6, 7};
    for (boolean gz : new boolean[] {false, true}) {
      Idx.IdxData d = Idx.read(write("a" + gz, idx(0x803, new int[] {2, 2, 2}, pixels), gz));
      assertArrayEquals(new int[] {2, 2, 2}, d.dims());
      assertArrayEquals(pixels, d.data());
    }
  }

  @Test
  void wrongMagicAndTruncationAreClearErrors() throws IOException {
    Path bad = write("bad", idx(0x0D03, new int[] {1, 1, 1}, new byte[1]), false);
    IOException e = assertThrows(IOException.class, () -> Idx.read(bad));
    assertTrue(e.getMessage().contains("magic 0x00000D03, expected 0x00000801 (labels) or"
        + " 0x00000803 (images)"), e.getMessage());
    Path cut = write("cut", idx(0x801, new int[] {10}, new byte[4]), true);
    e = assertThrows(IOException.class, () -> Idx.read(cut));
    assertTrue(e.getMessage().contains("truncated: expected 10 data bytes, found 4"), e.getMessage());
    Path tiny = write("tiny", new byte[] {0, 0}, false);
    e = assertThrows(IOException.class, () -> Idx.read(tiny));
    assertTrue(e.getMessage().startsWith(tiny + ": truncated"), e.getMessage());
  }

  @Test
  void loadsAnMnistDirectoryScaledToUnitRange() throws IOException {
    byte[] px = new byte[3 * 28 * 28];
    px[0] = (byte) 255;
    px[784] = (byte) 51;
    for (String split : new String[] {"train", "t10k"}) {
      write(split + "-images-idx3-ubyte", idx(0x803, new int[] {3, 28, 28}, px), true);
      write(split + "-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[] {7, 0, 9}), false);
    }
    assertTrue(Mnist.present(dir));
    TensorDataset d = Mnist.load(dir, false);
    Tensor[] t = d.tensors();
    assertArrayEquals(new int[] {3, 1, 28, 28}, t[0].shape());
    assertEquals(1f, t[0].toFloatArray()[0]);
    assertEquals(0.2f, t[0].toFloatArray()[784], 1e-7f);
    assertArrayEquals(new float[] {7, 0, 9}, t[1].toFloatArray());
  }

  @Test
  void mismatchedCountsAndMissingFilesAreNamed() throws IOException {
    write("train-images-idx3-ubyte", idx(0x803, new int[] {2, 28, 28}, new byte[2 * 784]), false);
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
    assertTrue(e.getMessage().contains("missing train-labels-idx1-ubyte"), e.getMessage());
    write("train-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[3]), false);
    e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
    assertTrue(e.getMessage().contains("2 train images but 3 labels"), e.getMessage());
  }
}
