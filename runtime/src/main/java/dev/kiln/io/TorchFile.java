package dev.kiln.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PyTorch {@code .pt} file as stored, flattened to dotted paths in the file's order: its
 * tensors with their stored dtypes ({@code model.fc1.weight}, {@code optimizer.state.0.exp_avg})
 * and its plain values ({@code epoch} → {@code 3L}). A value is a {@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, a read-only {@code ByteBuffer} (Python's {@code bytes}),
 * {@code null} (Python's {@code None}) or an unmodifiable {@code List} of these (a list or tuple
 * holding no tensor or dict).
 */
public record TorchFile(Map<String, StoredTensor> tensors, Map<String, Object> values) {
  /** Copies both maps, keeping their order. */
  public TorchFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
