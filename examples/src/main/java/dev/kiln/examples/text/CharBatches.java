package dev.kiln.examples.text;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The flagship's batches, as {@code tools/fixtures/char_data.py} draws them for PyTorch: a batch
 * of {@code B} windows of {@code T + 1} tokens takes {@code B} starts from the run's
 * {@link SplitMix64}, in order, {@code start = next() mod (n - T)} (unsigned), and the window
 * {@code tokens[start .. start + T]}; the inputs are its first {@code T} tokens, the targets its
 * last {@code T}. Validation uses the fixed windows {@code val[k T .. k T + T]}, k = 0, 1, ...
 */
public final class CharBatches {
  private CharBatches() {}

  /** The next batch's {@code B} windows, {@code (B, T + 1)} row-major. */
  public static int[][] windows(SplitMix64 gen, int[] tokens, int batch, int t) {
    if (tokens.length <= t) {
      throw new IllegalArgumentException("a window of " + (t + 1) + " tokens does not fit in "
          + tokens.length);
    }
    int[][] rows = new int[batch][];
    for (int i = 0; i < batch; i++) {
      int start = gen.nextInt(tokens.length - t);
      rows[i] = Arrays.copyOfRange(tokens, start, start + t + 1);
    }
    return rows;
  }

  /** The first {@code max} (at most) validation windows, {@code (count, T + 1)}. */
  public static int[][] validation(int[] tokens, int t, int max) {
    int count = Math.min(max, (tokens.length - 1) / t);
    int[][] rows = new int[count][];
    for (int k = 0; k < count; k++) {
      rows[k] = Arrays.copyOfRange(tokens, k * t, k * t + t + 1);
    }
    return rows;
  }

  /**
   * Rows {@code from..to-1} of {@code windows} as {@code {inputs (n, T), targets (n, T)}}: float
   * tensors of token indices on {@code device}.
   */
  public static Tensor[] tensors(int[][] windows, int from, int to, Device device) {
    int n = to - from;
    int t = windows[from].length - 1;
    float[] x = new float[n * t];
    float[] y = new float[n * t];
    for (int i = 0; i < n; i++) {
      int[] w = windows[from + i];
      for (int j = 0; j < t; j++) {
        x[i * t + j] = w[j];
        y[i * t + j] = w[j + 1];
      }
    }
    return new Tensor[] {device.tensor(x, n, t), device.tensor(y, n, t)};
  }

  /** The next training batch as {@code {inputs (B, T), targets (B, T)}}. */
  public static Tensor[] next(SplitMix64 gen, int[] tokens, int batch, int t, Device device) {
    return tensors(windows(gen, tokens, batch, t), 0, batch, device);
  }
}
