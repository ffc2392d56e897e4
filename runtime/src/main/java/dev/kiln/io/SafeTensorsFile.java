package dev.kiln.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: its tensors in header order, with their stored dtypes, and
 * its {@code __metadata__} (free-form strings).
 */
public record SafeTensorsFile(Map<String, StoredTensor> tensors, Map<String, String> metadata) {
  /** Copies both maps, keeping their order; the metadata may be empty, not null. */
  public SafeTensorsFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
