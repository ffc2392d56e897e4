package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's seed corpus holds every {@link MalformedFiles} case, byte for byte, beside valid
 * files (PyTorch's and Kiln's). {@code -Dkiln.fixtures.update=true} rewrites the malformed ones.
 */
class SeedCorpusTest {
  static final Path CORPUS = Path.of(
      "src/test/resources/dev/kiln/io/SafeTensorsFuzzTestInputs/readerAcceptsOrRejectsCleanly");

  @Test
  void corpusHoldsEveryMalformedCaseAndValidFiles() throws Exception {
    if (Boolean.getBoolean("kiln.fixtures.update")) {
      Files.createDirectories(CORPUS);
      for (Map.Entry<String, MalformedFiles.Case> e : MalformedFiles.all().entrySet()) {
        Files.write(CORPUS.resolve("malformed_" + e.getKey()), e.getValue().bytes());
      }
      for (String valid : new String[] {"pytorch_dtypes", "kiln_dtypes"}) {
        Files.copy(Path.of("src/test/resources/io/" + valid + ".safetensors"),
            CORPUS.resolve("valid_" + valid), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Map.Entry<String, MalformedFiles.Case> e : MalformedFiles.all().entrySet()) {
      Path seed = CORPUS.resolve("malformed_" + e.getKey());
      assertTrue(Files.exists(seed), seed + " is missing: run with -Dkiln.fixtures.update=true");
      assertArrayEquals(e.getValue().bytes(), Files.readAllBytes(seed), seed.toString());
    }
    assertTrue(Files.exists(CORPUS.resolve("valid_pytorch_dtypes")));
    assertTrue(Files.exists(CORPUS.resolve("valid_kiln_dtypes")));
  }
}
