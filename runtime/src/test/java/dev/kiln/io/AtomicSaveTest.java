package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed save leaves the old file byte-identical and no temp file; stale temps are removed. */
class AtomicSaveTest {
  @TempDir Path dir;

  /** A channel that accepts {@code capacity} bytes, then fails as a full disk does. */
  private static WritableByteChannel diskFullAfter(WritableByteChannel ch, long capacity) {
    return new WritableByteChannel() {
      private long written;

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (written + src.remaining() > capacity) {
          throw new IOException("No space left on device");
        }
        int n = ch.write(src);
        written += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return ch.isOpen();
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  @Test
  void aDiskFullWriteLeavesTheOldFileByteIdentical() throws Exception {
    Path file = dir.resolve("model.safetensors");
    SafeTensors.save(Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)), file);
    byte[] before = Files.readAllBytes(file);
    SafeTensorsFile bigger = new SafeTensorsFile(
        Map.of("w", StoredTensor.of(Tensor.zeros(1000, 10))), Map.of());
    for (long capacity : new long[] {0, 7, 100, 39_999}) {
      IOException e = assertThrows(IOException.class,
          () -> SafeTensors.write(bigger, file, ch -> diskFullAfter(ch, capacity)));
      assertEquals("No space left on device", e.getMessage());
      assertArrayEquals(before, Files.readAllBytes(file), "after failing at byte " + capacity);
      assertEquals(List.of(file), list());
    }
    SafeTensors.write(bigger, file, ch -> diskFullAfter(ch, 1 << 20));
    assertEquals(bigger.tensors(), SafeTensors.read(file).tensors());
  }

  @Test
  void aTempFileLeftByAKilledSaveIsRemovedByTheNextSave() throws Exception {
    Path file = dir.resolve("ckpt.safetensors");
    Path stale = Files.write(dir.resolve(".ckpt.safetensors.8812734.tmp"), new byte[] {1, 2});
    Path unrelated = Files.write(dir.resolve(".other.safetensors.123.tmp"), new byte[] {3});
    Path notOurs = Files.write(dir.resolve(".ckpt.safetensors.mine.tmp"), new byte[] {4});
    SafeTensors.save(Map.of("w", Tensor.scalar(1)), file);
    assertEquals(List.of(notOurs, unrelated, file), list());
    assertFalse(Files.exists(stale));
  }

  private List<Path> list() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
