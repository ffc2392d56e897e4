package dev.kiln.export;

/**
 * A layer that can describe its forward in standard ops, so that models using it can be
 * exported. Built-in layers implement it; a user-written layer does so in a few lines, e.g. a
 * per-feature scale: {@code return graph.binary("MUL", x, graph.parameter(weight));}.
 */
public interface Exportable {
  /** Adds this layer's forward on {@code x} to {@code graph}; returns the output's name. */
  String export(GraphSink graph, String x);
}
