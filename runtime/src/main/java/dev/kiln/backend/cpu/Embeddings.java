package dev.kiln.backend.cpu;

/**
 * Embedding lookup (a row copy per index) and its backward (a row added into the table's
 * gradient per index, in index order, so repeated indices sum deterministically); the positional
 * table's addition.
 */
final class Embeddings {
  private Embeddings() {}

  static void forward(float[] indices, float[] weight, int d, float[] y) {
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(weight, (int) indices[i] * d, y, i * d, d);
    }
  }

  static void backward(float[] indices, float[] dy, int paddingIdx, int d, float[] dweight) {
    for (int i = 0; i < indices.length; i++) {
      int row = (int) indices[i];
      if (row != paddingIdx) {
        Rows.add(dy, i * d, dweight, row * d, d);
      }
    }
  }

  /** {@code y[o, t, m, :] = x[o, t, m, :] + table[t, :]} for x {@code (outer, seqLen, inner, d)}. */
  static void addPositional(float[] x, float[] table, int seqLen, int inner, int d, float[] y) {
    int rows = d == 0 ? 0 : x.length / d;
    for (int r = 0; r < rows; r++) {
      int t = (r / inner) % seqLen;
      Rows.sum(x, r * d, table, t * d, y, r * d, d);
    }
  }
}
