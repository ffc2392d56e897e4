package dev.kiln;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link Model} as a sub-module: a built-in layer, a {@code Sequential},
 * another {@link Model}, or a user-written layer declaring a {@link ShapeContract}. The field
 * name is the prefix of its parameters' state-dict keys ({@code fc1.weight}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Layer {}
