package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.examples.convert.TorchToSafeTensors;
import dev.kiln.io.SafeTensors;
import dev.kiln.io.SafeTensorsFile;
import dev.kiln.io.TorchFiles;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeds' models load the {@code .pt} state dicts PyTorch 1.13 saved
 * ({@code make_torch_file_fixtures.py}) strictly, with PyTorch's weights bit for bit (the same
 * seeds as the safetensors fixtures), and give PyTorch's output; the converter writes the same
 * tensors as safetensors.
 */
class TorchFilesModelsTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/torch");

  @TempDir Path dir;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("skip_mlp", SkipMlp.create(),
            (Function<Module, Function<Tensor, Tensor>>) m -> ((SkipMlp) m)::forward),
        Arguments.of("mnist_classifier", MnistClassifier.create(),
            (Function<Module, Function<Tensor, Tensor>>) m -> ((MnistClassifier) m)::forward),
        Arguments.of("sine_net", SineNet.create(64),
            (Function<Module, Function<Tensor, Tensor>>) m -> ((SineNet) m)::forward));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void loadsStrictlyAndGivesPytorchsOutput(String name, Module model,
      Function<Module, Function<Tensor, Tensor>> forward) throws Exception {
    Map<String, Tensor> state = TorchFiles.load(DIR.resolve(name + ".pt"));
    model.loadStateDict(state);
    Map<String, Tensor> reference = new Fixture(name + ".safetensors").stateDict();
    assertEquals(List.copyOf(reference.keySet()), List.copyOf(state.keySet()));
    reference.forEach((k, v) -> assertArrayEquals(v.toFloatArray(),
        model.namedParameters().get(k).toFloatArray(), k));
    Map<String, Tensor> io = TorchFiles.load(DIR.resolve(name + "_io.pt"));
    assertClose(io.get("output"), forward.apply(model).apply(io.get("input")), 1e-5, 1e-4,
        "output");
  }

  @Test
  void converterWritesTheSameTensorsAsSafeTensors() throws Exception {
    Path out = dir.resolve("skip_mlp.safetensors");
    TorchToSafeTensors.main(new String[] {DIR.resolve("skip_mlp.pt").toString(), out.toString()});
    SafeTensorsFile written = SafeTensors.read(out);
    assertEquals(TorchFiles.read(DIR.resolve("skip_mlp.pt")).tensors(), written.tensors());
    assertEquals(List.of("None", "True", "[0.5, 'a']", "00ff"), List.of(
        TorchToSafeTensors.text(null), TorchToSafeTensors.text(true),
        TorchToSafeTensors.text(List.of(0.5, "a")),
        TorchToSafeTensors.text(java.nio.ByteBuffer.wrap(new byte[] {0, -1}))));
  }
}
