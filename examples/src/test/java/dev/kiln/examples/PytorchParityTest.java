package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeds' three models, loaded with PyTorch's weights, reproduce PyTorch's output (atol 1e-5,
 * rtol 1e-4) and the gradients of every parameter and of the input (atol 1e-4, rtol 1e-3).
 */
class PytorchParityTest {
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("skip_mlp.safetensors", SkipMlp.create(), 353,
            (Function<Module, Function<Tensor, Tensor>>) m -> ((SkipMlp) m)::forward),
        Arguments.of("mnist_classifier.safetensors", MnistClassifier.create(), 109_386,
            (Function<Module, Function<Tensor, Tensor>>) m -> ((MnistClassifier) m)::forward),
        Arguments.of("sine_net.safetensors", SineNet.create(64), 4_353,
            (Function<Module, Function<Tensor, Tensor>>) m -> ((SineNet) m)::forward));
  }

  @ParameterizedTest
  @MethodSource("models")
  void keysAndParameterCountMatchPytorch(String file, Module model, int count,
      Function<Module, Function<Tensor, Tensor>> forward) throws Exception {
    Fixture f = new Fixture(file);
    assertEquals(List.copyOf(f.stateDict().keySet()), List.copyOf(model.namedParameters().keySet()));
    assertEquals(count, model.parameters().stream().mapToInt(Parameter::numel).sum());
  }

  @ParameterizedTest
  @MethodSource("models")
  void forwardAndGradientsMatchPytorch(String file, Module model, int count,
      Function<Module, Function<Tensor, Tensor>> forward) throws Exception {
    Fixture f = new Fixture(file);
    model.loadStateDict(f.stateDict());
    Tensor x = f.get("input").requiresGrad(true);
    Tensor y = forward.apply(model).apply(x);
    assertClose(f.get("output"), y, 1e-5, 1e-4, "output");
    y.backward(f.get("upstream"));
    assertClose(f.get("grad.input"), x.grad(), 1e-4, 1e-3, "grad.input");
    for (Map.Entry<String, Parameter> p : model.namedParameters().entrySet()) {
      assertClose(f.get("grad." + p.getKey()), p.getValue().grad(), 1e-4, 1e-3,
          "grad." + p.getKey());
    }
  }
}
