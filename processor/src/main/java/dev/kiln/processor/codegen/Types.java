package dev.kiln.processor.codegen;

import com.palantir.javapoet.ClassName;

/** The runtime classes generated code refers to (by name: the processor never loads them). */
final class Types {
  static final ClassName TENSOR = ClassName.get("dev.kiln.tensor", "Tensor");
  static final ClassName DEVICE = ClassName.get("dev.kiln.tensor", "Device");
  static final ClassName BINARY_OP = ClassName.get("dev.kiln.backend", "BinaryOp");
  static final ClassName SEQUENTIAL = ClassName.get("dev.kiln.nn", "Sequential");
  static final ClassName PLAN = ClassName.get("dev.kiln.compiled", "CompiledPlan");
  static final ClassName PLAN_CACHE = ClassName.get("dev.kiln.compiled", "PlanCache");
  static final ClassName INPUTS = ClassName.get("dev.kiln.compiled", "Inputs");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private Types() {}
}
