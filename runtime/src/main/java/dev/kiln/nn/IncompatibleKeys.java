package dev.kiln.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} did not match, as PyTorch's
 * {@code load_state_dict} result: the model's keys the state dict lacks, and the state dict's
 * keys the model lacks, each in order. Both are empty after a strict load.
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
  public IncompatibleKeys {
    missingKeys = List.copyOf(missingKeys);
    unexpectedKeys = List.copyOf(unexpectedKeys);
  }
}
