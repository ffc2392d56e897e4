package dev.kiln;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the shape rule of a one-input layer, so that models using it are shape-checked.
 *
 * <p>{@link #args} names the layer's leading {@code int} constructor arguments, in order;
 * {@link #input} and {@link #output} are shape patterns over those names. A leading {@code *}
 * stands for any number of leading dimensions, passed through unchanged. For example
 * {@code Linear(int in, int out)} declares
 * {@code @ShapeContract(args = {"in", "out"}, input = "*, in", output = "*, out")}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ShapeContract {
  /** Names of the leading {@code int} constructor arguments. */
  String[] args() default {};

  /** The accepted input shape. */
  String input();

  /** The output shape. */
  String output();
}
