package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fixtures of tools/fixtures/make_sequence_fixtures.py (under {@code /sequence/}); the
 * tolerance check is {@link NormFixtures#assertClose}.
 */
final class SequenceFixtures {
  private SequenceFixtures() {}

  static Map<String, Tensor> load(String name) {
    try {
      return SafeTensors.load(Path.of(SequenceFixtures.class.getResource("/sequence/" + name)
          .toURI()));
    } catch (Exception e) {
      throw new AssertionError("fixture " + name, e);
    }
  }

  /** Line {@code i} of reprs.txt: PyTorch's repr and state-dict keys of one layer. */
  static void assertReprAndKeys(int line, Module m) {
    try (InputStream in = SequenceFixtures.class.getResourceAsStream("/sequence/reprs.txt")) {
      String[] parts = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")[line]
          .split("\t", -1);
      assertEquals(parts[0].replace("\\n", "\n"), m.toString());
      List<String> keys = parts[1].isEmpty() ? List.of() : List.of(parts[1].split(","));
      assertEquals(keys, List.copyOf(m.stateDict().keySet()), m + " state-dict keys");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
