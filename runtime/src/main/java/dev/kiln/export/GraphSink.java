package dev.kiln.export;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * Receives a model's forward as a graph of standard ops. Values are named by strings the sink
 * hands out; every method returns the name of its result. Sizes known only at run time (those of
 * {@code @Shape} symbols such as the batch) are {@code -1}.
 */
public interface GraphSink {
  /** The name of a parameter or buffer in the graph: its state-dict key. */
  String parameter(Tensor p);

  /** {@code x W^T + b} for {@code x (*, in)}, {@code weight (out, in)}, {@code bias (out)} or null. */
  String linear(String x, Tensor weight, Tensor bias);

  /** {@code relu}, {@code tanh}, {@code sigmoid} or {@code silu} of {@code x}, elementwise. */
  String activation(String function, String x);

  /**
   * {@code leaky_relu} ({@code alpha} the negative slope) or {@code elu} ({@code alpha} its
   * scale) of {@code x}, elementwise.
   */
  String activation(String function, float alpha, String x);

  /** GELU of {@code x}: exact (erf), or PyTorch's tanh approximation. */
  String gelu(String x, boolean tanh);

  /** Softmax, or with {@code log} log-softmax, of {@code x} along {@code dim} (may be negative). */
  String softmax(String x, int dim, boolean log);

  /** {@code x > 0 ? x : weight * x}, {@code weight} one slope or one per channel (dimension 1). */
  String prelu(String x, Tensor weight);

  /** {@code ADD}, {@code SUB} or {@code MUL} with broadcasting. */
  String binary(String op, String a, String b);

  /** The (batched) matrix product. */
  String matmul(String a, String b);

  /** The same elements in {@code shape} (at most one {@code -1}). */
  String reshape(String x, long... shape);

  /** {@code torch.flatten(x, startDim, endDim)}. */
  String flatten(String x, int startDim, int endDim);

  /** A layer applied to {@code x}: the layer describes itself ({@link Exportable}). */
  String layer(Module layer, String x);

  /** A nested compiled model applied to {@code inputs} ({@link ExportableModel}). */
  String model(Module model, String... inputs);

  /**
   * Inference batch normalization of {@code x (N, C, *)} with the running statistics (ONNX's
   * BatchNormalization); a null {@code weight} or {@code bias} counts as ones or zeros.
   */
  String batchNorm(String x, float eps, Tensor weight, Tensor bias, Tensor runningMean,
      Tensor runningVar);
}
