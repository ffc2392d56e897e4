package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed file is rejected with a {@link SafeTensorsException} naming the file and the
 * problem, within a small allocation budget, and a model being loaded keeps its weights. The
 * budget is the measure of work (a rejection reads at most the header); there is no wall-clock
 * bound, which a busy shared machine can break.
 */
class MalformedFilesTest {
  private static final long ALLOCATION_BUDGET = 1 << 20;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return MalformedFiles.all().entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRejectedAndTheModelIsUnchanged(String name, MalformedFiles.Case c) throws Exception {
    Path file = Files.write(dir.resolve(name + ".safetensors"), c.bytes());
    Rng.manualSeed(1);
    Linear model = new Linear(2, 3);
    float[] weight = model.weight().toFloatArray();
    float[] bias = model.bias().toFloatArray();
    assertRejected(file, c.message(), () -> model.loadStateDict(SafeTensors.load(file)));
    assertArrayEquals(weight, model.weight().toFloatArray(), "weight changed");
    assertArrayEquals(bias, model.bias().toFloatArray(), "bias changed");
    SafeTensorsException inMemory = assertThrows(SafeTensorsException.class,
        () -> SafeTensors.load(ByteBuffer.wrap(c.bytes())));
    assertEquals("<bytes>: ", inMemory.getMessage().substring(0, 9));
    assertTrue(inMemory.getMessage().contains(c.message()), inMemory.getMessage());
  }

  @Test
  void headerLengthOverTheCapIsRejectedBeforeReadingIt() throws Exception {
    Path file = dir.resolve("sparse.safetensors");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(200_000_000); // sparse: no disk or heap spent on the claimed header
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(150_000_000).array());
    }
    Rng.manualSeed(3);
    Linear model = new Linear(2, 2);
    float[] weight = model.weight().toFloatArray();
    assertRejected(file, "header length 150000000 exceeds the limit of 100000000 bytes",
        () -> model.loadStateDict(SafeTensors.load(file)));
    assertArrayEquals(weight, model.weight().toFloatArray(), "weight changed");
  }

  @Test
  void validTensorsBesideABadOneAreNotLoaded() throws Exception {
    Rng.manualSeed(2);
    Linear model = new Linear(1, 1);
    float[] weight = model.weight().toFloatArray();
    String header = "{\"weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
        + "\"bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
    Path file = Files.write(dir.resolve("good-then-trailing.safetensors"),
        MalformedFiles.file(header, new byte[12]));
    assertRejected(file, "trailing bytes: 4 bytes after the last tensor, 'bias'",
        () -> model.loadStateDict(SafeTensors.load(file)));
    assertArrayEquals(weight, model.weight().toFloatArray());
  }

  private static void assertRejected(Path file, String message, Runnable0 load) {
    assertThrows(SafeTensorsException.class, load::run); // warm up class loading
    long thread = Thread.currentThread().getId();
    long allocated = THREADS.getThreadAllocatedBytes(thread);
    SafeTensorsException e = assertThrows(SafeTensorsException.class, load::run);
    allocated = THREADS.getThreadAllocatedBytes(thread) - allocated;
    assertEquals(file + ": ", e.getMessage().substring(0, file.toString().length() + 2));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(allocated < ALLOCATION_BUDGET, "allocated " + allocated + " bytes");
  }

  private interface Runnable0 {
    void run() throws Exception;
  }
}
