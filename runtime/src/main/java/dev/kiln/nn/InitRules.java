package dev.kiln.nn;

import dev.kiln.tensor.Shapes;
import java.util.Locale;

/**
 * The scaling rules behind {@link Init}, transcribed from {@code torch/nn/init.py} (1.13):
 * {@code _calculate_fan_in_and_fan_out}, {@code _calculate_correct_fan} and
 * {@code calculate_gain}, with PyTorch's messages ({@code ValueError} becomes
 * {@link IllegalArgumentException}).
 */
final class InitRules {
  private InitRules() {}

  /**
   * {@code {fanIn, fanOut}} of a weight of shape {@code (out, in, *kernel)}: {@code in * r} and
   * {@code out * r} with {@code r} the product of the kernel dimensions (1 for 2-D shapes).
   */
  static int[] fans(int[] shape) {
    if (shape.length < 2) {
      throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with"
          + " fewer than 2 dimensions (shape " + Shapes.toString(shape) + ")");
    }
    int receptive = 1;
    for (int i = 2; i < shape.length; i++) {
      receptive *= shape[i];
    }
    return new int[] {shape[1] * receptive, shape[0] * receptive};
  }

  /** The fan selected by {@code mode}, {@code "fan_in"} or {@code "fan_out"} (any case). */
  static int fan(int[] shape, String mode) {
    String m = mode.toLowerCase(Locale.ROOT);
    if (!m.equals("fan_in") && !m.equals("fan_out")) {
      throw new IllegalArgumentException(
          "Mode " + mode + " not supported, please use one of ['fan_in', 'fan_out']");
    }
    int[] f = fans(shape);
    return m.equals("fan_in") ? f[0] : f[1];
  }

  /** {@code calculate_gain(nonlinearity, param)}; {@code param} null means PyTorch's None. */
  static double gain(String nonlinearity, Double param) {
    switch (nonlinearity) {
      case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
          "conv_transpose3d", "sigmoid":
        return 1;
      case "tanh":
        return 5.0 / 3;
      case "relu":
        return Math.sqrt(2.0);
      case "leaky_relu":
        double slope = param == null ? 0.01 : param;
        if (!Double.isFinite(slope)) {
          throw new IllegalArgumentException("negative_slope " + param + " not a valid number");
        }
        return Math.sqrt(2.0 / (1 + slope * slope));
      case "selu":
        return 3.0 / 4;
      default:
        throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
    }
  }
}
