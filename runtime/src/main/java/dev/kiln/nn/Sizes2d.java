package dev.kiln.nn;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Helpers of the 2-D spatial layers (pooling, upsampling, padding): PyTorch's repr of an
 * int-or-tuple argument, argument checks, input rank checks and workspace tensors.
 */
final class Sizes2d {
  private Sizes2d() {}

  /** An argument as PyTorch prints it: {@code 2} when given as one int, else {@code (2, 3)}. */
  static String repr(int[] v, boolean tuple) {
    if (!tuple) {
      return Integer.toString(v[0]);
    }
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(v[i]);
    }
    return b.append(')').toString();
  }

  /** {@code {v, v}}. */
  static int[] both(int v) {
    return new int[] {v, v};
  }

  /** A copy of a pair, checked to have two elements. */
  static int[] pair(String name, int[] v) {
    if (v == null || v.length != 2) {
      throw new IllegalArgumentException(name + " must be one int or a pair (h, w), got "
          + (v == null ? "null" : java.util.Arrays.toString(v)));
    }
    return v.clone();
  }

  /** Throws unless every element of {@code v} is at least {@code min}. */
  static int[] atLeast(String name, int[] v, int min) {
    for (int e : v) {
      if (e < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got "
            + repr(v, v.length > 1 && v[0] != v[1]));
      }
    }
    return v;
  }

  /** Throws unless the input has rank 3 or 4, naming the layer and the shape. */
  static void requireRank34(Module layer, int[] in) {
    if (in.length != 3 && in.length != 4) {
      throw new IllegalArgumentException(layer + " expects input (N, C, H, W) or (C, H, W) but got "
          + Shapes.toString(in));
    }
  }

  /** Throws when an output size is below 1, as PyTorch's "Output size is too small". */
  static void requirePositive(Module layer, int[] in, int[] out) {
    if (out[out.length - 1] < 1 || out[out.length - 2] < 1) {
      throw new IllegalArgumentException(layer + ": given input size " + Shapes.toString(in)
          + ", the calculated output size " + Shapes.toString(out) + " is too small");
    }
  }

  /**
   * The workspace tensor of {@code slot} with {@code like}'s shape and device; allocates only
   * when they change.
   */
  static Tensor scratchLike(Workspace ws, int slot, Tensor like) {
    Tensor t = ws.peek(slot);
    if (t != null && t.device() == like.device() && t.sameShape(like)) {
      return t;
    }
    return ws.get(slot, like.device(), like.shape());
  }

  /**
   * PyTorch's {@code pooling_output_shape}: floor (or ceil) of
   * {@code (in + 2p - d(k - 1) - 1) / s} plus one; with ceil, the last window must start inside
   * the input or its left padding.
   */
  static int poolOut(int in, int k, int s, int p, int d, boolean ceil) {
    int span = in + 2 * p - d * (k - 1) - 1;
    int out = Math.floorDiv(span + (ceil ? s - 1 : 0), s) + 1;
    if (ceil && (out - 1) * s >= in + p) {
      out--;
    }
    return out;
  }

  /** Throws unless {@code padding <= kernel / 2} on both axes, PyTorch's message. */
  static void requireHalfKernel(int[] padding, int[] kernel) {
    for (int i = 0; i < 2; i++) {
      if (padding[i] > kernel[i] / 2) {
        throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad="
            + padding[i] + " and kernel_size=" + kernel[i]);
      }
    }
  }
}
