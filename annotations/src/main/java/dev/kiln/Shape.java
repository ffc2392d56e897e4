package dev.kiln;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the shape of a {@link Forward} input, as comma-separated dimensions: integers,
 * symbols and arithmetic on them ({@code "B, 3"}, {@code "B, hidden"}, {@code "N, C*4"}). The same
 * symbol means the same size; a symbol naming a constructor parameter is that parameter.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Shape {
  /** The dimensions, outermost first. */
  String value();
}
