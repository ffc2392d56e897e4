package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU and its backward and the backward of tanh and sigmoid, eight lanes at a time (tanh and
 * sigmoid themselves: {@link ExpActivations}).
 */
final class VectorActivations {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private VectorActivations() {}

  /** {@code max(x, 0)}, NaN staying NaN as in PyTorch. */
  static void relu(float[] x, float[] y) {
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (int end = S.loopBound(y.length); i < end; i += S.length()) {
      FloatVector.fromArray(S, x, i).max(zero).intoArray(y, i);
    }
    for (; i < y.length; i++) {
      y[i] = Math.max(x[i], 0f);
    }
  }

  /** {@code dx += x > 0 ? dy : 0}. */
  static void reluBackward(float[] x, float[] dy, float[] dx) {
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (int end = S.loopBound(dx.length); i < end; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, i)
          .blend(zero, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f).not());
      FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
    }
    for (; i < dx.length; i++) {
      if (x[i] > 0f) {
        dx[i] += dy[i];
      }
    }
  }

  /** {@code dx += dy (1 - y^2)}, y = tanh(x): the same operations as the scalar loop. */
  static void tanhBackward(float[] y, float[] dy, float[] dx) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int end = S.loopBound(dx.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector g = FloatVector.fromArray(S, dy, i).mul(one.sub(v.mul(v)));
      FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
    }
    for (; i < dx.length; i++) {
      dx[i] += dy[i] * (1f - y[i] * y[i]);
    }
  }

  /** {@code dx += dy y (1 - y)}, y = sigmoid(x): the same operations as the scalar loop. */
  static void sigmoidBackward(float[] y, float[] dy, float[] dx) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int end = S.loopBound(dx.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, i);
      FloatVector g = FloatVector.fromArray(S, dy, i).mul(v).mul(one.sub(v));
      FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
    }
    for (; i < dx.length; i++) {
      dx[i] += dy[i] * y[i] * (1f - y[i]);
    }
  }
}
