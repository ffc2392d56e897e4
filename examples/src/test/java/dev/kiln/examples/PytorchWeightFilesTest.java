package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.io.DType;
import dev.kiln.io.SafeTensors;
import dev.kiln.io.SafeTensorsFile;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weight files between PyTorch and a compiled model: a state dict PyTorch stored in F16, BF16
 * and F64 loads and gives PyTorch's output; the file Kiln saves is the committed
 * {@code kiln_skip_mlp.safetensors}, which {@code make_io_fixtures.py --check} loads in PyTorch.
 */
class PytorchWeightFilesTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @TempDir Path dir;

  @Test
  void mixedDtypeStateDictFromPytorchGivesPytorchsOutput() throws Exception {
    Path path = FIXTURES.resolve("skip_mlp_mixed_dtypes.safetensors");
    SafeTensorsFile stored = SafeTensors.read(path);
    assertEquals(DType.F16, stored.tensors().get("fc1.weight").dtype());
    assertEquals(DType.BF16, stored.tensors().get("fc2.weight").dtype());
    assertEquals(DType.F64, stored.tensors().get("head.weight").dtype());
    Map<String, Tensor> all = SafeTensors.load(path);
    Tensor x = all.remove("input");
    Tensor expected = all.remove("output");
    SkipMlp model = SkipMlp.create();
    model.loadStateDict(all);
    assertClose(expected, model.forward(x), 1e-5, 1e-4, "output");
  }

  @Test
  void savedStateDictIsTheFilePytorchChecks() throws Exception {
    SkipMlp model = SkipMlp.create();
    model.loadStateDict(new Fixture("skip_mlp.safetensors").stateDict());
    Path written = dir.resolve("kiln_skip_mlp.safetensors");
    SafeTensors.save(model.stateDict(), written);
    Path committed = FIXTURES.resolve("kiln_skip_mlp.safetensors");
    if (Boolean.getBoolean("kiln.fixtures.update")) {
      Files.copy(written, committed, StandardCopyOption.REPLACE_EXISTING);
    }
    assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(written),
        "Kiln's output changed: rerun with -Dkiln.fixtures.update=true, then"
            + " tools/fixtures/make_io_fixtures.py --check");
    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "head.weight",
        "head.bias"), List.copyOf(SafeTensors.load(committed).keySet()));
  }
}
