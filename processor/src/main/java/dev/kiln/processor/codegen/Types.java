package dev.kiln.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;

/** The runtime classes generated code refers to (by name: the processor never loads them). */
final class Types {
  static final ClassName TENSOR = ClassName.get("dev.kiln.tensor", "Tensor");
  static final ClassName DEVICE = ClassName.get("dev.kiln.tensor", "Device");
  static final ClassName BINARY_OP = ClassName.get("dev.kiln.backend", "BinaryOp");
  static final ClassName SEQUENTIAL = ClassName.get("dev.kiln.nn", "Sequential");
  static final ClassName COMPILED_SIGNATURE = ClassName.get("dev.kiln", "CompiledSignature");
  static final ClassName LIST_CHAIN = ClassName.get("dev.kiln.compiled", "ListChain");
  static final ClassName MASK = ClassName.get("dev.kiln.nn", "Mask");
  static final ArrayTypeName TENSOR_ARRAY = ArrayTypeName.of(ClassName.get("dev.kiln.tensor", "Tensor"));
  static final ClassName WORKSPACE = ClassName.get("dev.kiln.nn", "Workspace");
  static final ClassName PLAN = ClassName.get("dev.kiln.compiled", "CompiledPlan");
  static final ClassName PLAN_CACHE = ClassName.get("dev.kiln.compiled", "PlanCache");
  static final ClassName INPUTS = ClassName.get("dev.kiln.compiled", "Inputs");
  static final ClassName EXPORTABLE_MODEL = ClassName.get("dev.kiln.export", "ExportableModel");
  static final ClassName GRAPH_SINK = ClassName.get("dev.kiln.export", "GraphSink");
  static final ClassName GRAPH_INPUT = ClassName.get("dev.kiln.export", "GraphInput");
  static final ClassName LIST = ClassName.get("java.util", "List");
  static final ClassName STRING = ClassName.get("java.lang", "String");
  static final ArrayTypeName STRING_ARRAY = ArrayTypeName.of(STRING);
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private Types() {}
}
