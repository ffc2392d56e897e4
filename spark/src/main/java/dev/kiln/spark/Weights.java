package dev.kiln.spark;

import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Module;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Weights as safetensors bytes: read and checked on the driver (so a bad file fails the job
 * there, with Kiln's message, before any task starts), then broadcast once to every executor.
 */
final class Weights {
  private Weights() {}

  /**
   * The bytes of {@code path}, after checking that they parse and load into a fresh model of
   * {@code spec} (every key present, no extra key, every shape right).
   *
   * @throws KilnSparkException naming the file and the problem
   */
  static byte[] readChecked(Path path, ModelSpec<?> spec) {
    if (!Files.isRegularFile(path)) {
      throw new KilnSparkException("weights file " + path + " does not exist (or is not a file)");
    }
    Map<String, Tensor> state;
    byte[] bytes;
    try {
      state = SafeTensors.load(path);
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new KilnSparkException("cannot load weights: " + e.getMessage(), e);
    }
    try {
      newModel(spec, state);
    } catch (RuntimeException e) {
      throw new KilnSparkException("weights file " + path + " does not fit the model: "
          + e.getMessage(), e);
    }
    return bytes;
  }

  /** The tensors held in {@code bytes}. */
  static Map<String, Tensor> parse(byte[] bytes) {
    try {
      return SafeTensors.load(ByteBuffer.wrap(bytes));
    } catch (IOException e) {
      throw new KilnSparkException(e.getMessage(), e);
    }
  }

  /** {@code model}'s state dict as safetensors bytes. */
  static byte[] of(Module model) {
    try {
      Path tmp = Files.createTempFile("kiln-spark", ".safetensors");
      try {
        SafeTensors.save(model.stateDict(), tmp);
        return Files.readAllBytes(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new model from {@code spec} holding {@code state}. Building it draws its default
   * initialisation from the global {@link Rng}; the stream is put back afterwards so that a
   * replica built in a local-mode executor does not shift the driver's random numbers.
   */
  static <M extends Module> M newModel(ModelSpec<M> spec, Map<String, Tensor> state) {
    M model;
    synchronized (Rng.class) {
      long saved = Rng.state();
      try {
        model = spec.factory().create();
      } finally {
        Rng.setState(saved);
      }
    }
    model.loadStateDict(state);
    return model;
  }
}
