package dev.kiln;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Carried by each generated {@code Kiln<Model>} class: what the model promises its callers, so
 * that a model compiled into a jar can be a {@code @Layer} of a model in another compilation
 * and be shape-checked there. Written by the processor; not for users.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CompiledSignature {
  /** The model's constructor parameters that sizes mention, in constructor order. */
  String[] params();

  /** Each forward input's shape, as its {@code @Shape}. */
  String[] inputs();

  /** The output shape over the parameters and the inputs' size names. */
  String output();
}
