package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.export.ExportableModel;
import dev.kiln.export.GraphInput;
import dev.kiln.export.GraphSink;
import dev.kiln.io.onnx.ModelProto;
import dev.kiln.io.onnx.NodeProto;
import dev.kiln.nn.ELU;
import dev.kiln.nn.GELU;
import dev.kiln.nn.LeakyReLU;
import dev.kiln.nn.LogSoftmax;
import dev.kiln.nn.Module;
import dev.kiln.nn.PReLU;
import dev.kiln.nn.Rng;
import dev.kiln.nn.SiLU;
import dev.kiln.nn.Softmax;
import dev.kiln.nn.UnaryModule;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each activation layer of issue 16, exported as a one-layer model (opset {@value Onnx#OPSET})
 * and run by ONNX Runtime at two batch sizes, gives Kiln's output within 1e-5; the graph uses
 * the standard op with its attributes (LeakyRelu alpha, Gelu approximate, Softmax axis, ...).
 */
class OnnxActivationExportTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  /** A hand-written stand-in for a compiled model: input {@code (B, 3, 4)}, one layer. */
  static final class OneLayer extends Module implements ExportableModel {
    final UnaryModule layer;

    OneLayer(UnaryModule layer) {
      this.layer = registerModule("layer", layer);
    }

    @Override
    public List<GraphInput> graphInputs() {
      return List.of(new GraphInput("x", new long[] {-1, 3, 4}, new String[] {"B", null, null}));
    }

    @Override
    public String exportGraph(GraphSink graph, String... inputs) {
      return graph.layer(layer, inputs[0]);
    }
  }

  static List<Object[]> layers() {
    PReLU perChannel = new PReLU(3);
    perChannel.loadStateDict(Map.of("weight", Tensor.of(new float[] {0.1f, -0.5f, 2f}, 3)));
    return List.of(
        new Object[] {new LeakyReLU(0.2f), "LeakyRelu", "alpha=0.2"},
        new Object[] {new ELU(0.5f), "Elu", "alpha=0.5"},
        new Object[] {new GELU(), "Gelu", "approximate=none"},
        new Object[] {new GELU("tanh"), "Gelu", "approximate=tanh"},
        new Object[] {new SiLU(), "Sigmoid Mul", ""},
        new Object[] {new Softmax(1), "Softmax", "axis=1"},
        new Object[] {new LogSoftmax(-1), "LogSoftmax", "axis=2"},
        new Object[] {new PReLU(), "PRelu", ""},
        new Object[] {perChannel, "Reshape PRelu", ""});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void onnxRuntimeGivesKilnsOutput(UnaryModule layer, String ops, String attributes)
      throws Exception {
    OneLayer model = new OneLayer(layer);
    byte[] bytes = Onnx.toBytes(model);
    List<NodeProto> nodes = ModelProto.parseFrom(bytes).getGraph().getNodeList();
    List<NodeProto> body = nodes.subList(0, nodes.size() - 1); // then the Identity to "output"
    assertEquals(ops, body.stream().map(NodeProto::getOpType).collect(Collectors.joining(" ")));
    assertEquals(attributes, body.get(body.size() - 1).getAttributeList().stream()
        .map(a -> a.getName() + "=" + switch (a.getType()) {
          case FLOAT -> Float.toString(a.getF());
          case INT -> Long.toString(a.getI());
          case STRING -> a.getS().toStringUtf8();
          default -> "?";
        }).collect(Collectors.joining(" ")));
    try (OrtSession session = ENV.createSession(bytes, new OrtSession.SessionOptions())) {
      for (int batch : new int[] {1, 5}) {
        Rng.manualSeed(160 + batch);
        Tensor x = Rng.randn(batch, 3, 4).mul(Tensor.of(new float[] {3f}));
        float[] expected = GradMode.noGrad(() -> layer.apply(x)).toFloatArray();
        try (OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x.toFloatArray()),
                new long[] {batch, 3, 4});
            OrtSession.Result r = session.run(Map.of("x", in))) {
          FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
          float[] actual = new float[out.remaining()];
          out.get(actual);
          assertEquals(expected.length, actual.length);
          for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, layer + " at batch " + batch + ", " + i);
          }
        }
      }
    }
  }
}
