package dev.kiln.export;

import java.util.List;

/** A compiled model's forward as a graph; Kiln generates both methods from the forward body. */
public interface ExportableModel {
  /** The forward's inputs, in order. */
  List<GraphInput> graphInputs();

  /** Adds the forward on the named inputs to {@code graph}; returns the output's name. */
  String exportGraph(GraphSink graph, String... inputs);
}
