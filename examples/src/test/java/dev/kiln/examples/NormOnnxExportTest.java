package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.export.ExportableModel;
import dev.kiln.export.GraphInput;
import dev.kiln.export.GraphSink;
import dev.kiln.io.Onnx;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Dropout2d;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.UnaryModule;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BatchNorm (running statistics after training steps) and Dropout (the identity) exported to
 * ONNX and run by ONNX Runtime give Kiln's eval outputs within 1e-5.
 */
class NormOnnxExportTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @TempDir
  Path dir;

  /** A hand-written exportable model around one layer stack (what a compiled @Model provides). */
  static final class Net extends Module implements ExportableModel {
    final Sequential net;
    final long[] sizes;

    Net(long[] sizes, UnaryModule... layers) {
      this.net = registerModule("net", new Sequential(layers));
      this.sizes = sizes;
    }

    @Override
    public List<GraphInput> graphInputs() {
      String[] symbols = new String[sizes.length];
      symbols[0] = "B";
      return List.of(new GraphInput("x", sizes, symbols));
    }

    @Override
    public String exportGraph(GraphSink graph, String... inputs) {
      return graph.layer(net, inputs[0]);
    }
  }

  private void check(Net m, int... shape) throws Exception {
    m.train();
    for (int i = 0; i < 3; i++) {
      m.net.apply(Rng.randn(shape).mul(Tensor.scalar(2f)).add(Tensor.scalar(1f)));
    }
    m.eval();
    Tensor x = Rng.randn(shape);
    float[] expected = GradMode.noGrad(() -> m.net.apply(x)).toFloatArray();
    Path file = dir.resolve("norm.onnx");
    Onnx.export(m, file);
    try (OrtSession s = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x.toFloatArray()),
            Arrays.stream(shape).asLongStream().toArray());
        OrtSession.Result r = s.run(Map.of("x", in))) {
      FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] actual = new float[out.remaining()];
      out.get(actual);
      assertEquals(expected.length, actual.length);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), "element " + i);
      }
    }
  }

  @Test
  void batchNorm1dAndDropoutRunInOnnxRuntime() throws Exception {
    Rng.manualSeed(1);
    check(new Net(new long[] {-1, 4}, new Linear(4, 6), new BatchNorm1d(6), new Dropout(0.3f),
        new BatchNorm1d(6).affine(false).momentum(null)), 8, 4);
  }

  @Test
  void batchNorm2dAndDropout2dRunInOnnxRuntime() throws Exception {
    Rng.manualSeed(2);
    check(new Net(new long[] {-1, 3, 5, 5}, new BatchNorm2d(3, 1e-3f), new Dropout2d(0.5f)),
        4, 3, 5, 5);
  }

  @Test
  void batchNormWithoutRunningStatsIsRefused() {
    Net m = new Net(new long[] {-1, 3}, new BatchNorm1d(3).trackRunningStats(false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Onnx.toBytes(m));
    assertEquals("cannot export BatchNorm1d(3) to ONNX: without running statistics it normalises"
        + " by each batch's", e.getMessage());
  }
}
