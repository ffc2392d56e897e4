package dev.kiln.processor.ir;

import java.util.List;

/**
 * Everything code generation needs about one model, and nothing from javac's trees.
 *
 * @param packageName the model's package ("" for the default package)
 * @param modelClass the model's name as written in its package, e.g. {@code Outer.Inner}
 * @param generatedName e.g. {@code KilnOuter_Inner}
 * @param constructorParams type and name of each constructor parameter, in order
 * @param sizeParams the constructor parameters that shapes mention (kept as fields)
 * @param layers the {@code @Layer} fields, in registration order
 * @param ops the forward's kernel calls in order; backward runs the live ones reversed
 * @param checks size conditions over constructor parameters, checked at construction
 * @param callChecks size conditions that mention input sizes, checked when a plan is made
 * @param functions the layers that compute the forward's functional calls ({@code F.gelu})
 * @param lowered the modules whose calls the plan makes as plain kernels, as Java expressions
 *     ({@code net}, {@code net.get(2)}); hooks on one of them make the forward run eagerly
 */
public record ModelIr(
    String packageName,
    String modelClass,
    String generatedName,
    List<String[]> constructorParams,
    List<String> sizeParams,
    List<String> layers,
    List<Input> inputs,
    List<Op> ops,
    Value output,
    List<Check> checks,
    List<Check> callChecks,
    List<FunctionLayer> functions,
    List<String> lowered) {

  /** A layer the generated class holds for a functional call: {@code new GELU("tanh")}. */
  public record FunctionLayer(String field, String layerClass, List<String> args) {}

  /** The simple class name as printed by {@code toString()}. */
  public String displayName() {
    return modelClass.substring(modelClass.lastIndexOf('.') + 1);
  }
}
