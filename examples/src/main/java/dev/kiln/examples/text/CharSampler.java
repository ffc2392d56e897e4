package dev.kiln.examples.text;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;

/**
 * Generates text from a {@link CharModel}: each next character is drawn from
 * {@code softmax(logits / temperature)} of the last position, with the context the last
 * {@code context} characters (the training window), by inverse transform sampling on a
 * {@link SplitMix64} seeded with the given seed: the same model, prompt, temperature and seed
 * give the same text. Temperature 0 takes the most likely character (greedy).
 */
public final class CharSampler {
  private CharSampler() {}

  /**
   * The index drawn from {@code softmax(logits / temperature)}: with {@code u} the generator's
   * next double times the sum of {@code exp((l_i - max) / temperature)}, the first index whose
   * running sum exceeds {@code u} (computed in double). {@code temperature} 0 gives the argmax.
   */
  public static int pick(float[] logits, int offset, int n, double temperature, SplitMix64 gen) {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0, got "
          + temperature);
    }
    int best = offset;
    for (int i = offset + 1; i < offset + n; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    if (temperature == 0) {
      return best - offset;
    }
    double max = logits[best];
    double total = 0;
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.exp((logits[offset + i] - max) / temperature);
      total += w[i];
    }
    double u = gen.nextDouble() * total;
    double run = 0;
    for (int i = 0; i < n; i++) {
      run += w[i];
      if (run > u) {
        return i;
      }
    }
    return best - offset; // rounding: u within the last ulp of total
  }

  /**
   * {@code length} characters following {@code prompt} (not included), drawn one at a time.
   * The model runs in eval mode, without gradients; its mode is restored afterwards.
   */
  public static String sample(CharModel model, CharCorpus corpus, String prompt, int length,
      int context, double temperature, long seed, Device device) {
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("the prompt needs at least one character");
    }
    int[] prompted = corpus.encode(prompt);
    int[] tokens = java.util.Arrays.copyOf(prompted, prompted.length + length);
    SplitMix64 gen = new SplitMix64(seed);
    boolean training = model.module().isTraining();
    model.module().eval();
    try {
      for (int n = prompted.length; n < tokens.length; n++) {
        int from = Math.max(0, n - context);
        float[] x = new float[n - from];
        for (int i = from; i < n; i++) {
          x[i - from] = tokens[i];
        }
        float[] logits = GradMode.noGrad(() -> model.forward(device.tensor(x, 1, x.length)))
            .toFloatArray();
        int v = corpus.vocabSize();
        tokens[n] = pick(logits, logits.length - v, v, temperature, gen);
      }
    } finally {
      if (training) {
        model.module().train();
      }
    }
    return corpus.decode(java.util.Arrays.copyOfRange(tokens, prompted.length, tokens.length));
  }
}
