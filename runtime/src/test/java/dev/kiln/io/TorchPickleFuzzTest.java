package dev.kiln.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzzes the restricted unpickler and the flattening behind it directly, past the zip layer's
 * CRC-32 check that stops most mutations of a whole file: any bytes either unpickle to a
 * structure whose tensors' views are then checked, or are rejected with
 * {@link TorchFileException}; anything else fails. The seeds in
 * {@code TorchPickleFuzzTestInputs/pickleAcceptsOrRejectsCleanly/} are the {@code data.pkl}
 * entries of the file corpus.
 */
class TorchPickleFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void pickleAcceptsOrRejectsCleanly(byte[] input) {
    try {
      Unpickler u = new Unpickler(ByteBuffer.wrap(input), "<pickle>");
      TorchTree tree = TorchTree.flatten(u.load(), "<pickle>");
      tree.tensors.values().forEach(StridedView::problem);
    } catch (TorchFileException rejected) {
      // the only allowed failure
    }
  }
}
