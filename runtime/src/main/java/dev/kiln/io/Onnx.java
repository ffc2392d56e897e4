package dev.kiln.io;

import dev.kiln.export.ExportableModel;
import dev.kiln.export.GraphInput;
import dev.kiln.io.onnx.GraphProto;
import dev.kiln.io.onnx.ModelProto;
import dev.kiln.io.onnx.NodeProto;
import dev.kiln.io.onnx.OperatorSetIdProto;
import dev.kiln.io.onnx.TensorProto;
import dev.kiln.io.onnx.TensorShapeProto;
import dev.kiln.io.onnx.TypeProto;
import dev.kiln.io.onnx.ValueInfoProto;
import dev.kiln.nn.Module;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX export of compiled models: {@code Onnx.export(model, Path.of("model.onnx"))} writes the
 * forward as an ONNX graph (opset {@value #OPSET}), its parameters as initializers under their
 * PyTorch names, and each {@code @Shape} symbol (the batch) as a dynamic dimension, so ONNX
 * Runtime, TensorRT or any ONNX tool runs the model. A layer without an ONNX form fails the
 * export naming it (nothing is written). The file is replaced atomically, as safetensors saves.
 */
public final class Onnx {
  /** The ONNX operator set the exported graphs use. */
  public static final int OPSET = 21;
  private static final int IR_VERSION = 10;

  private Onnx() {}

  /**
   * Writes {@code model}'s forward to {@code path} as an ONNX model.
   *
   * @throws IllegalArgumentException if the model is not compiled by Kiln or uses a layer or op
   *     with no ONNX form (the message names it)
   */
  public static void export(Module model, Path path) throws IOException {
    byte[] bytes = toBytes(model);
    AtomicFile.write(path, out -> {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        out.write(b);
      }
    });
  }

  /** The ONNX model as bytes (see {@link #export}). */
  public static byte[] toBytes(Module model) {
    String name = model.getClass().getSimpleName().replaceFirst("^Kiln", "");
    if (!(model instanceof ExportableModel m)) {
      throw new IllegalArgumentException("cannot export " + name + " to ONNX: only models"
          + " compiled by Kiln (@Model classes, created through their generated Kiln class) are"
          + " exported");
    }
    GraphProto.Builder graph = GraphProto.newBuilder().setName(name);
    OnnxGraph g = new OnnxGraph(graph, model, name);
    List<String> inputs = new ArrayList<>();
    for (GraphInput in : m.graphInputs()) {
      g.input(in.name(), in.sizes());
      graph.addInput(value(in.name(), in.sizes(), in.symbols()));
      inputs.add(in.name());
    }
    String out = m.exportGraph(g, inputs.toArray(String[]::new));
    long[] shape = g.shape(out);
    graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("output")
        .addInput(out).addOutput("output"));
    graph.addOutput(value("output", shape, new String[shape.length]));
    return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("kiln")
        .setProducerVersion("0.1.0").setGraph(graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .build().toByteArray();
  }

  /** A float tensor value of {@code sizes}, {@code -1} sizes named by {@code symbols}. */
  private static ValueInfoProto value(String name, long[] sizes, String[] symbols) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int i = 0; i < sizes.length; i++) {
      TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
      if (sizes[i] >= 0) {
        d.setDimValue(sizes[i]);
      } else if (symbols[i] != null) {
        d.setDimParam(symbols[i]);
      }
      shape.addDim(d);
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape))).build();
  }
}
