package dev.kiln.backend.cpu;

/** Elementwise activations and their accumulating backward on arrays, vectorised with {@link Simd}. */
final class Activations {
  private Activations() {}

  static void relu(float[] x, float[] y) {
    if (Simd.ENABLED) {
      VectorActivations.relu(x, y);
      return;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(x[i], 0f);
    }
  }

  static void reluBackward(float[] x, float[] dy, float[] dx) {
    if (Simd.ENABLED) {
      VectorActivations.reluBackward(x, dy, dx);
      return;
    }
    for (int i = 0; i < dx.length; i++) {
      if (x[i] > 0f) {
        dx[i] += dy[i];
      }
    }
  }

  static void tanh(float[] x, float[] y) {
    if (Simd.ENABLED) {
      ExpActivations.tanh(x, y);
      return;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) Math.tanh(x[i]);
    }
  }

  static void tanhBackward(float[] y, float[] dy, float[] dx) {
    if (Simd.ENABLED) {
      VectorActivations.tanhBackward(y, dy, dx);
      return;
    }
    for (int i = 0; i < dx.length; i++) {
      dx[i] += dy[i] * (1f - y[i] * y[i]);
    }
  }

  static void sigmoid(float[] x, float[] y) {
    if (Simd.ENABLED) {
      ExpActivations.sigmoid(x, y);
      return;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }
  }

  static void sigmoidBackward(float[] y, float[] dy, float[] dx) {
    if (Simd.ENABLED) {
      VectorActivations.sigmoidBackward(y, dy, dx);
      return;
    }
    for (int i = 0; i < dx.length; i++) {
      dx[i] += dy[i] * y[i] * (1f - y[i]);
    }
  }
}
