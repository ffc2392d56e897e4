package dev.kiln.io;

import com.google.protobuf.ByteString;
import dev.kiln.export.Exportable;
import dev.kiln.export.ExportableModel;
import dev.kiln.export.GraphSink;
import dev.kiln.io.onnx.AttributeProto;
import dev.kiln.io.onnx.GraphProto;
import dev.kiln.io.onnx.NodeProto;
import dev.kiln.io.onnx.TensorProto;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Builds an ONNX graph from a model's ops: one node per op (Gemm, MatMul, Relu, Add, Reshape,
 * ...), parameters as initializers named by their state-dict keys, and each value's shape kept
 * ({@code -1}: known only at run time) to choose between op forms and to resolve flattens.
 */
final class OnnxGraph implements GraphSink {
  private final GraphProto.Builder graph;
  private final Map<Tensor, String> names = new IdentityHashMap<>();
  private final Map<Tensor, String> added = new IdentityHashMap<>();
  private final Map<String, long[]> shapes = new HashMap<>();
  private final String model;
  private int counter;

  OnnxGraph(GraphProto.Builder graph, Module root, String model) {
    this.graph = graph;
    this.model = model;
    root.stateDict().forEach((k, t) -> names.put(t, k)); // parameters and buffers
  }

  /** Declares a graph input of {@code shape}. */
  void input(String name, long[] shape) {
    shapes.put(name, shape.clone());
  }

  long[] shape(String value) {
    return shapes.get(value).clone();
  }

  @Override
  public String parameter(Tensor p) {
    String name = names.get(p);
    if (name == null) {
      throw unsupported("a tensor that is not one of the model's parameters, shape "
          + OnnxShapes.text(toLongs(p.shape())));
    }
    if (added.put(p, name) == null) {
      ByteBuffer bytes = ByteBuffer.allocate(p.numel() * 4).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(p.toFloatArray());
      graph.addInitializer(TensorProto.newBuilder().setName(name)
          .setDataType(TensorProto.DataType.FLOAT_VALUE).addAllDims(OnnxShapes.boxed(toLongs(p.shape())))
          .setRawData(ByteString.copyFrom(bytes.array())));
      shapes.put(name, toLongs(p.shape()));
    }
    return name;
  }

  @Override
  public String linear(String x, Tensor weight, Tensor bias) {
    long[] s = shape(x);
    s[s.length - 1] = weight.size(0);
    String w = parameter(weight);
    if (s.length == 2) {
      String[] in = bias == null ? new String[] {x, w} : new String[] {x, w, parameter(bias)};
      return node("Gemm", s, in, intAttr("transB", 1));
    }
    String wt = node("Transpose", new long[] {weight.size(1), weight.size(0)}, new String[] {w},
        AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
            .addInts(1).addInts(0).build());
    String y = node("MatMul", s.clone(), new String[] {x, wt});
    return bias == null ? y : node("Add", s, new String[] {y, parameter(bias)});
  }

  @Override
  public String activation(String function, String x) {
    String op = switch (function) {
      case "relu" -> "Relu";
      case "tanh" -> "Tanh";
      case "sigmoid" -> "Sigmoid";
      case "silu" -> null;
      default -> throw unsupported("the activation " + function);
    };
    if (op == null) { // x * sigmoid(x)
      String s = node("Sigmoid", shape(x), new String[] {x});
      return node("Mul", shape(x), new String[] {x, s});
    }
    return node(op, shape(x), new String[] {x});
  }

  @Override
  public String activation(String function, float alpha, String x) {
    String op = switch (function) {
      case "leaky_relu" -> "LeakyRelu";
      case "elu" -> "Elu";
      default -> throw unsupported("the activation " + function);
    };
    return node(op, shape(x), new String[] {x}, floatAttr("alpha", alpha));
  }

  @Override
  public String gelu(String x, boolean tanh) { // Gelu is in the default domain from opset 20
    return node("Gelu", shape(x), new String[] {x}, AttributeProto.newBuilder()
        .setName("approximate").setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(tanh ? "tanh" : "none")).build());
  }

  @Override
  public String softmax(String x, int dim, boolean log) {
    long[] s = shape(x);
    int axis = dim < 0 ? dim + Math.max(s.length, 1) : dim;
    return node(log ? "LogSoftmax" : "Softmax", s, new String[] {x}, intAttr("axis", axis));
  }

  @Override
  public String prelu(String x, Tensor weight) {
    long[] s = shape(x);
    String slope = parameter(weight);
    if (weight.numel() > 1 && s.length > 2) { // (C) to (C, 1, ..., 1): broadcast along dim 1
      long[] target = new long[s.length - 1];
      java.util.Arrays.fill(target, 1);
      target[0] = weight.numel();
      slope = reshape(slope, target);
    }
    return node("PRelu", s, new String[] {x, slope});
  }

  @Override
  public String binary(String op, String a, String b) {
    String type = switch (op) {
      case "ADD" -> "Add";
      case "SUB" -> "Sub";
      case "MUL" -> "Mul";
      case "DIV" -> "Div";
      default -> throw unsupported("the binary op " + op);
    };
    return node(type, OnnxShapes.broadcast(shape(a), shape(b)), new String[] {a, b});
  }

  @Override
  public String matmul(String a, String b) {
    return node("MatMul", OnnxShapes.matmul(shape(a), shape(b)), new String[] {a, b});
  }

  @Override
  public String reshape(String x, long... shape) {
    int unknown = 0;
    for (long d : shape) {
      unknown += d < 0 ? 1 : 0;
    }
    if (unknown > 1) {
      throw unsupported("a reshape to " + OnnxShapes.text(shape) + " (ONNX's Reshape infers at"
          + " most one size; here " + unknown + " are known only at run time)");
    }
    String target = "shape" + (++counter);
    graph.addInitializer(TensorProto.newBuilder().setName(target).addDims(shape.length)
        .setDataType(TensorProto.DataType.INT64_VALUE).addAllInt64Data(OnnxShapes.boxed(shape)));
    return node("Reshape", shape.clone(), new String[] {x, target});
  }

  @Override
  public String flatten(String x, int startDim, int endDim) {
    long[] s = shape(x);
    int start = startDim < 0 ? startDim + s.length : startDim;
    int end = endDim < 0 ? endDim + s.length : endDim;
    long[] out = OnnxShapes.flatten(s, start, end);
    if (start == 1 && end == s.length - 1) {
      return node("Flatten", out, new String[] {x}, intAttr("axis", 1));
    }
    return reshape(x, out);
  }

  @Override
  public String layer(Module layer, String x) {
    if (layer instanceof Exportable e) {
      return e.export(this, x);
    }
    throw unsupported("layer " + layer.toString().lines().findFirst().orElse("") + " ("
        + layer.getClass().getName() + "): it does not implement dev.kiln.export.Exportable,"
        + " which describes a layer's forward in standard ops");
  }

  @Override
  public String model(Module nested, String... inputs) {
    if (nested instanceof ExportableModel m) {
      return m.exportGraph(this, inputs);
    }
    throw unsupported("module " + nested.getClass().getName() + ": not a compiled @Model");
  }

  @Override
  public String batchNorm(String x, float eps, Tensor weight, Tensor bias, Tensor runningMean,
      Tensor runningVar) {
    int c = runningMean.numel();
    String scale = weight != null ? parameter(weight) : constant(c, 1f);
    String shift = bias != null ? parameter(bias) : constant(c, 0f);
    return node("BatchNormalization", shape(x), new String[] {x, scale, shift,
        parameter(runningMean), parameter(runningVar)}, AttributeProto.newBuilder()
        .setName("epsilon").setType(AttributeProto.AttributeType.FLOAT).setF(eps).build());
  }

  /** A new initializer of {@code n} floats equal to {@code value}. */
  private String constant(int n, float value) {
    String name = "const" + (++counter);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).addDims(n)
        .setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (int i = 0; i < n; i++) {
      t.addFloatData(value);
    }
    graph.addInitializer(t);
    shapes.put(name, new long[] {n});
    return name;
  }

  /** Adds an {@code op} node with a fresh output of {@code shape}; returns the output's name. */
  String node(String op, long[] shape, String[] inputs, AttributeProto... attributes) {
    String out = op.toLowerCase(java.util.Locale.ROOT) + "_" + (++counter);
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter)
        .addOutput(out);
    for (String in : inputs) {
      n.addInput(in);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    shapes.put(out, shape);
    return out;
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
        .setI(value).build();
  }

  private static AttributeProto floatAttr(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
        .setF(value).build();
  }

  private IllegalArgumentException unsupported(String what) {
    return new IllegalArgumentException("cannot export " + model + " to ONNX: " + what);
  }

  private static long[] toLongs(int[] shape) {
    long[] s = new long[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape[i];
    }
    return s;
  }
}
