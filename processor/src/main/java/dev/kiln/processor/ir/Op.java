package dev.kiln.processor.ir;

import java.util.List;

/** One kernel call of the forward: inputs, output, what it calls and the source it came from. */
public record Op(OpKind kind, String target, List<Value> inputs, Value output, String source) {
  public Op {
    inputs = List.copyOf(inputs);
  }
}
