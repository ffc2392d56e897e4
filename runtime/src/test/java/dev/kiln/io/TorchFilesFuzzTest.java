package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzzes the {@code .pt} reader: any bytes either read as a file, whose tensors then convert to
 * float32 (or refuse values float32 cannot hold, with IllegalArgumentException), or are rejected
 * with {@link TorchFileException}; anything else (another exception, an OutOfMemoryError, a
 * StackOverflowError) fails. A normal build replays the seed corpus in
 * {@code TorchFilesFuzzTestInputs/readerAcceptsOrRejectsCleanly/} (the hostile corpus and valid
 * files); {@code JAZZER_FUZZ=1} fuzzes (see docs/torch-files.md).
 */
class TorchFilesFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readerAcceptsOrRejectsCleanly(byte[] input) {
    TorchFile file;
    try {
      file = TorchFiles.read(ByteBuffer.wrap(input));
    } catch (TorchFileException rejected) {
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
  }
}
