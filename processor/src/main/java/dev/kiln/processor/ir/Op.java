package dev.kiln.processor.ir;

import java.util.List;

/**
 * One kernel call of the forward: inputs, output, what it calls and the source it came from. A
 * several-part call ({@link OpKind#MULTI}, {@link OpKind#CHAIN}) also has {@link #parts}.
 */
public record Op(OpKind kind, String target, List<Value> inputs, Value output, String source,
    Parts parts, String guard) {
  public Op {
    inputs = List.copyOf(inputs);
  }

  public Op(OpKind kind, String target, List<Value> inputs, Value output, String source) {
    this(kind, target, inputs, output, source, null, null);
  }

  public Op(OpKind kind, String target, List<Value> inputs, Value output, String source,
      Parts parts) {
    this(kind, target, inputs, output, source, parts, null);
  }

  /**
   * This op run only when the Java condition {@code cond} holds ({@code training},
   * {@code !useResidual}): it comes from a branch of an {@code if} decided at run time; an op
   * already guarded by an inner if keeps both conditions.
   */
  public Op guarded(String cond) {
    return new Op(kind, target, inputs, output, source, parts,
        guard == null ? cond : cond + " && " + guard);
  }

  /**
   * The layer's view of a several-part call: {@code outputs} (the first is {@link #output});
   * {@code slots[i]} is the position of {@code inputs[i]} among the layer's {@code arity} inputs
   * (absent optional inputs leave gaps); {@code noGrad[i]} marks an input that gets no gradient
   * (a mask).
   */
  public record Parts(List<Value> outputs, List<String> names, List<Integer> slots, int arity,
      List<Boolean> noGrad) {}

  /** Every value this op writes. */
  public List<Value> outputs() {
    return parts == null ? List.of(output) : parts.outputs();
  }

  /** True when input {@code i} gets a gradient from this op. */
  public boolean differentiable(int i) {
    return parts == null || !parts.noGrad().get(i);
  }
}
