package dev.kiln.nn;

import static dev.kiln.nn.ConvFixtureTest.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * RNN, LSTM and GRU against PyTorch 1.13 ({@code tools/fixtures/make_rnn_fixtures.py}): built as
 * the script builds them, each layer's repr equals PyTorch's, its state-dict keys equal PyTorch's
 * (in order) and the fixture's weights load strictly; then, eagerly (autograd through every
 * output) and through {@code forwardInto}/{@code backwardInto} (all output gradients at once),
 * the output, {@code h_n}, {@code c_n} (atol 1e-5, rtol 1e-4) and the gradients of the input, the
 * initial states and every parameter (atol 1e-4, rtol 1e-3) match. Cases cover several layers,
 * bidirectional, batch first, no bias, unbatched input, initial states, the ReLU RNN and eval mode
 * with dropout (training cases have dropout 0).
 */
class RnnFixtureTest {
  private record Case(String name, Supplier<RnnBase<?>> layer, String repr) {}

  static final List<Case> CASES = List.of(
      new Case("lstm", () -> new LSTM(3, 4), "LSTM(3, 4)"),
      new Case("lstm_layers_state", () -> new LSTM(3, 4, 2), "LSTM(3, 4, num_layers=2)"),
      new Case("lstm_bidir_bf_state",
          () -> new LSTM(3, 4).numLayers(2).batchFirst(true).bidirectional(true),
          "LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)"),
      new Case("lstm_bidir", () -> new LSTM(3, 5).bidirectional(true),
          "LSTM(3, 5, bidirectional=True)"),
      new Case("lstm_nobias_bf", () -> new LSTM(3, 4).bias(false).batchFirst(true),
          "LSTM(3, 4, bias=False, batch_first=True)"),
      new Case("lstm_unbatched", () -> new LSTM(3, 4), "LSTM(3, 4)"),
      new Case("lstm_dropout_eval", () -> new LSTM(3, 4, 2).dropout(0.5f),
          "LSTM(3, 4, num_layers=2, dropout=0.5)"),
      new Case("gru", () -> new GRU(3, 4), "GRU(3, 4)"),
      new Case("gru_layers_bidir_state", () -> new GRU(3, 4, 2).bidirectional(true),
          "GRU(3, 4, num_layers=2, bidirectional=True)"),
      new Case("gru_bf_state", () -> new GRU(3, 5).batchFirst(true),
          "GRU(3, 5, batch_first=True)"),
      new Case("gru_nobias", () -> new GRU(3, 4).bias(false), "GRU(3, 4, bias=False)"),
      new Case("rnn_tanh", () -> new RNN(3, 4), "RNN(3, 4)"),
      new Case("rnn_relu_bidir_bf_state",
          () -> new RNN(3, 4, 2).nonlinearity("relu").batchFirst(true).bidirectional(true),
          "RNN(3, 4, num_layers=2, batch_first=True, bidirectional=True)"),
      new Case("rnn_tanh_layers_state", () -> new RNN(3, 4, 2), "RNN(3, 4, num_layers=2)"));

  static Map<String, Tensor> fixtures() throws Exception {
    return SafeTensors.load(
        Path.of(RnnFixtureTest.class.getResource("/nn/rnn.safetensors").toURI()));
  }

  @TestFactory
  Stream<DynamicTest> eagerMatchesPyTorch() throws Exception {
    Map<String, Tensor> f = fixtures();
    return CASES.stream().map(c -> dynamicTest(c.name(), () -> check(c, f, false)));
  }

  @TestFactory
  Stream<DynamicTest> workspaceFormsMatchPyTorch() throws Exception {
    Map<String, Tensor> f = fixtures();
    return CASES.stream().map(c -> dynamicTest(c.name(), () -> check(c, f, true)));
  }

  /** The workspace forms on OpenCL (PoCL here), against the same fixtures. */
  @TestFactory
  Stream<DynamicTest> openClMatchesPyTorch() throws Exception {
    Map<String, Tensor> f = fixtures();
    Device cl = dev.kiln.backend.opencl.OpenClSupport.device();
    return CASES.stream().map(c -> dynamicTest(c.name(), () -> check(c, f, true, cl)));
  }

  /** The case's layer with the fixture's weights, in the fixture's mode. */
  static RnnBase<?> load(Case c, Map<String, Tensor> f) {
    RnnBase<?> layer = c.layer().get();
    assertEquals(c.repr(), layer.toString());
    Map<String, Tensor> state = new LinkedHashMap<>();
    List<String> torchKeys = new ArrayList<>();
    for (String k : f.keySet()) {
      String prefix = c.name() + "/";
      if (k.startsWith(prefix + "weight_") || k.startsWith(prefix + "bias_")) {
        torchKeys.add(k.substring(prefix.length()));
      }
    }
    for (String k : layer.stateDict().keySet()) {
      state.put(k, f.get(c.name() + "/" + k));
    }
    assertEquals(sorted(torchKeys), sorted(List.copyOf(layer.stateDict().keySet())));
    layer.loadStateDict(state);
    if (c.name().endsWith("_eval")) {
      layer.eval();
    }
    return layer;
  }

  private static List<String> sorted(List<String> l) {
    List<String> s = new ArrayList<>(l);
    s.sort(null);
    return s;
  }

  private static Tensor leaf(Tensor t) {
    return t == null ? null : Tensor.of(t.toFloatArray(), t.shape()).requiresGrad(true);
  }

  private static void check(Case c, Map<String, Tensor> f, boolean workspace) {
    check(c, f, workspace, Device.cpu());
  }

  private static Tensor on(Tensor t, Device device) {
    return t == null || device == Device.cpu() ? t : t.to(device);
  }

  private static void check(Case c, Map<String, Tensor> f, boolean workspace, Device device) {
    RnnBase<?> layer = load(c, f);
    layer.to(device);
    String n = c.name();
    boolean lstm = layer instanceof LSTM;
    Tensor x = on(leaf(f.get(n + "/x")), device);
    Tensor h0 = on(leaf(f.get(n + "/h0")), device);
    Tensor c0 = on(leaf(f.get(n + "/c0")), device);
    Tensor[] in = lstm ? new Tensor[] {x, h0, c0} : new Tensor[] {x, h0};
    Tensor[] dOut = lstm
        ? new Tensor[] {on(f.get(n + "/dy"), device), on(f.get(n + "/dhN"), device),
            on(f.get(n + "/dcN"), device)}
        : new Tensor[] {on(f.get(n + "/dy"), device), on(f.get(n + "/dhN"), device)};
    Tensor[] out;
    if (workspace) {
      int[][] shapes = new int[in.length][];
      for (int i = 0; i < in.length; i++) {
        shapes[i] = in[i] == null ? null : in[i].shape();
      }
      int[][] outShapes = layer.outputShapes(shapes);
      out = new Tensor[outShapes.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = device.zeros(outShapes[i]);
      }
      Workspace ws = new Workspace();
      layer.forwardInto(in, out, ws);
      Tensor[] dIn = new Tensor[in.length];
      for (int i = 0; i < in.length; i++) {
        dIn[i] = in[i] == null ? null : Tensor.zerosLike(in[i]);
      }
      layer.backwardInto(in, out, dOut, dIn, ws);
      for (int i = 0; i < in.length; i++) {
        if (in[i] != null) {
          in[i].setGrad(dIn[i]);
        }
      }
    } else {
      if (lstm) {
        LstmOutput r = ((LSTM) layer).apply(x, h0, c0);
        out = new Tensor[] {r.output(), r.hN(), r.cN()};
      } else {
        RnnOutput r = layer instanceof GRU g ? g.apply(x, h0) : ((RNN) layer).apply(x, h0);
        out = new Tensor[] {r.output(), r.hN()};
      }
      Tensor loss = out[0].mul(dOut[0]).sum().add(out[1].mul(dOut[1]).sum());
      if (lstm) {
        loss = loss.add(out[2].mul(dOut[2]).sum());
      }
      loss.backward();
    }
    String mode = n + (workspace ? " (workspace, " + device + ")" : " (eager)");
    close(mode + " y", f.get(n + "/y"), out[0], 1e-5, 1e-4);
    close(mode + " hN", f.get(n + "/hN"), out[1], 1e-5, 1e-4);
    if (lstm) {
      close(mode + " cN", f.get(n + "/cN"), out[2], 1e-5, 1e-4);
    }
    close(mode + " dx", f.get(n + "/dx"), x.grad(), 1e-4, 1e-3);
    if (h0 != null) {
      close(mode + " dh0", f.get(n + "/dh0"), h0.grad(), 1e-4, 1e-3);
    }
    if (c0 != null) {
      close(mode + " dc0", f.get(n + "/dc0"), c0.grad(), 1e-4, 1e-3);
    }
    for (Map.Entry<String, Parameter> p : layer.namedParameters().entrySet()) {
      close(mode + " d." + p.getKey(), f.get(n + "/d." + p.getKey()), p.getValue().grad(), 1e-4,
          1e-3);
    }
  }
}
