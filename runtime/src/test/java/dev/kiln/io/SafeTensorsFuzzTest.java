package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;

/**
 * Fuzzes the reader: any bytes either read as a valid file, which then converts (or refuses
 * values float32 cannot hold with IllegalArgumentException) and round-trips through the writer,
 * or are rejected with {@link SafeTensorsException}; anything else (another exception, an
 * OutOfMemoryError, a StackOverflowError) fails. A normal build replays the seed corpus in
 * {@code SafeTensorsFuzzTestInputs/readerAcceptsOrRejectsCleanly/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see the README).
 */
class SafeTensorsFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readerAcceptsOrRejectsCleanly(byte[] input) throws IOException {
    SafeTensorsFile file;
    try {
      file = SafeTensors.read(ByteBuffer.wrap(input));
    } catch (SafeTensorsException rejected) {
      return;
    }
    for (StoredTensor t : file.tensors().values()) {
      try {
        assertEquals(t.numel(), t.toTensor().numel());
      } catch (IllegalArgumentException inexact) {
        if (t.dtype().widensToF32() && t.dtype() != DType.BOOL) {
          throw inexact;
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafeTensorsWriter.write(file, Channels.newChannel(out));
    SafeTensorsFile again = SafeTensors.read(ByteBuffer.wrap(out.toByteArray()));
    assertEquals(file, again);
  }
}
