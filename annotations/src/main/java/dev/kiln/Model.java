package dev.kiln;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an abstract class extending {@code dev.kiln.nn.Module} as a model that Kiln compiles.
 *
 * <p>Kiln's annotation processor generates the concrete subclass {@code Kiln<Name>} in the same
 * package (a nested {@code Outer.Inner} gives {@code KilnOuter_Inner}) with the parameter
 * registry, the compiled forward and backward, and state-dict I/O.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {}
