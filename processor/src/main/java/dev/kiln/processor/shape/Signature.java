package dev.kiln.processor.shape;

import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.Shape;
import java.util.List;

/**
 * What a compiled model promises to its callers: inputs and output in terms of its
 * constructor parameters and its input symbols.
 */
public record Signature(List<String> params, List<Pattern> inputs, Shape output) {}
