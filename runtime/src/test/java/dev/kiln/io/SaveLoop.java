package dev.kiln.io;

import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves a large checkpoint-like file over and over, alternating between two contents, until it
 * is killed: {@code <target> <floats>}. For {@link KillDuringSaveTest}; prints {@code ready}
 * before its first save.
 */
public final class SaveLoop {
  private SaveLoop() {}

  /** Content {@code version} (0 or 1): {@code w[i] = i} or {@code -i}, named in the metadata. */
  static Map<String, Tensor> content(int version, int floats) {
    float[] w = new float[floats];
    for (int i = 0; i < floats; i++) {
      w[i] = version == 0 ? i : -i;
    }
    return Map.of("w", Tensor.of(w, floats));
  }

  static Map<String, String> metadata(int version) {
    return Map.of("version", Integer.toString(version));
  }

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    int floats = Integer.parseInt(args[1]);
    Map<String, Tensor> zero = content(0, floats);
    Map<String, Tensor> one = content(1, floats);
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; ; i++) {
      SafeTensors.save(i % 2 == 0 ? one : zero, metadata(1 - i % 2), target);
    }
  }
}
