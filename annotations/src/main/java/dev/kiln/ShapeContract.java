package dev.kiln;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the shape rule of a one-input layer, so that models using it are shape-checked at
 * compile time. Built-in layers and user layers use the same annotation.
 *
 * <p><b>Arguments.</b> {@link #args} names the layer's size arguments in constructor order,
 * using PyTorch's keyword names in camelCase ({@code "inChannels"}, {@code "kernelSize"}). The
 * processor binds the i-th name to the i-th constructor argument, or to a fluent option method
 * of the same name in the field's initializer ({@code new Conv2d(1, 32, 3).padding(1)}).
 * {@code "stride=1"} gives a default; {@code "kernelSize[2]"} is a pair, bound to the symbols
 * {@code kernelSize0} and {@code kernelSize1} (one integer sets both; {@code new int[] {3, 5}} or
 * {@code .kernelSize(3, 5)} sets each). Arguments that are not sizes (a {@code boolean bias})
 * are simply not listed after the last size argument.
 *
 * <p><b>Shapes.</b> {@link #input} and {@link #output} are comma-separated dimensions: integer
 * expressions over the argument names and new input names ({@code H}), with {@code + - * /}
 * ({@code /} is floor division, as PyTorch's size formulas), {@code %} and parentheses. One
 * {@code *} stands for any number of dimensions, passed through unchanged to the output's
 * {@code *}. {@code Linear(int in, int out)} declares
 * {@code @ShapeContract(args = {"in", "out"}, input = "*, in", output = "*, out")}; a 2-D
 * convolution's output height is
 * {@code (H + 2*padding0 - dilation0*(kernelSize0 - 1) - 1)/stride0 + 1}.
 *
 * <p><b>Conditions.</b> Each {@link #requires} entry is {@code "left OP right: message"} with OP
 * one of {@code == != >= > <= <}, e.g. {@code "inChannels % groups == 0: in_channels must be
 * divisible by groups"}. Proven false is a compile error at the layer's call; undecidable becomes a
 * check at construction or at the call, with the same message. Every output size must be at
 * least 1 (a kernel larger than its padded input is an error).
 *
 * <p><b>Variants.</b> The annotation repeats; the first whose {@link #when} holds applies. {@code
 * when = "padding=same"} holds when the {@code padding} option is given the string
 * {@code "same"}, {@code "batchFirst=true"} when a boolean option is true; several conditions
 * join with {@code &} ({@code "batchFirst=true & bidirectional=true"}); an option not given
 * holds no condition, so its default belongs to a variant without one; an empty {@code when}
 * always holds.
 *
 * <p><b>Several inputs or outputs.</b> A {@code dev.kiln.nn.MultiModule} (attention, recurrent
 * layers) names each part instead: {@link #inputs} and {@link #outputs} hold {@code "name: dims"}
 * entries in call order, e.g. {@code inputs = {"query: B, L, embedDim", "key: B, S, embedDim",
 * "value: B, S, embedDim", "attnMask?: L, S"}}. A {@code ?} marks an optional input (a call may
 * leave out trailing optional inputs); output names are the accessor names of the record the
 * layer's {@code apply} returns ({@code "output: ..."}, {@code "hN: ..."}). Symbols bind across
 * all parts, so a mask of shape {@code (T, T)} given to a query of length {@code B} is an error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ShapeContracts.class)
public @interface ShapeContract {
  /** Names of the size arguments, in constructor order, with optional defaults and pairs. */
  String[] args() default {};

  /** The accepted input shape of a one-input layer. */
  String input() default "";

  /** The output shape of a one-output layer. */
  String output() default "";

  /** The inputs of a several-input layer, each {@code "name: dims"} or {@code "name?: dims"}. */
  String[] inputs() default {};

  /** The outputs of a several-output layer, each {@code "name: dims"}. */
  String[] outputs() default {};

  /** Conditions on the sizes, each {@code "left OP right: message"}. */
  String[] requires() default {};

  /** When this variant applies: {@code "option=value"} for a string-valued option, or empty. */
  String when() default "";
}
