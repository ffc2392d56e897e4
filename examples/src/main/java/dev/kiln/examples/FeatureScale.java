package dev.kiln.examples;

import dev.kiln.ShapeContract;
import dev.kiln.backend.BinaryOp;
import dev.kiln.backend.Kernels;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.UnaryModule;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * A user-written layer: a learnable scale per feature, {@code y = x * weight}. Input
 * {@code (*, features)}, output {@code (*, features)}; {@code weight (features)}, initialised
 * to ones. Its {@code @ShapeContract} lets Kiln check models that use it, and {@link #export}
 * lets them be exported to ONNX.
 */
@ShapeContract(args = {"features"}, input = "*, features", output = "*, features")
public final class FeatureScale extends UnaryModule implements Exportable {
  private final int features;
  private final Parameter weight;

  public FeatureScale(int features) {
    this.features = features;
    this.weight = registerParameter("weight", new Parameter(Device.cpu(), features));
    weight.device().kernels().fill(weight, 1f);
  }

  /** The scale, shape {@code (features)}. */
  public Parameter weight() {
    return weight;
  }

  @Override
  public int[] outputShape(int[] in) {
    if (in.length == 0 || in[in.length - 1] != features) {
      throw new IllegalArgumentException("FeatureScale(" + features + ") expects input (*, "
          + features + ") but got " + Shapes.toString(in));
    }
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().binary(BinaryOp.MUL, x, weight, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    Kernels k = x.device().kernels();
    if (dx != null) {
      k.binaryBackward(BinaryOp.MUL, 0, x, weight, dy, dx);
    }
    Tensor dw = gradOf(weight);
    if (dw != null) {
      k.binaryBackward(BinaryOp.MUL, 1, x, weight, dy, dw);
    }
  }

  /** The layer in standard ops, so that models using it export to ONNX. */
  @Override
  public String export(GraphSink graph, String x) {
    return graph.binary("MUL", x, graph.parameter(weight));
  }

  @Override
  protected String extraRepr() {
    return "features=" + features;
  }
}
