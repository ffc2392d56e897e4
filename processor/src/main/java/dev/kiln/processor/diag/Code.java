package dev.kiln.processor.diag;

/** The stable codes that prefix every Kiln diagnostic, e.g. {@code [kiln.shape]}. */
public enum Code {
  /** Two shapes that cannot agree. */
  SHAPE("kiln.shape"),
  /** The {@code @Model} class itself is malformed. */
  MODEL("kiln.model"),
  /** A {@code @Layer} field is malformed. */
  LAYER("kiln.layer"),
  /** The {@code @Forward} method's signature or body is malformed. */
  FORWARD("kiln.forward"),
  /** A construct the forward compiler does not support. */
  UNSUPPORTED("kiln.unsupported"),
  /** A bug in Kiln itself. */
  INTERNAL("kiln.internal");

  private final String id;

  Code(String id) {
    this.id = id;
  }

  /** The bracketed prefix, e.g. {@code [kiln.shape]}. */
  public String tag() {
    return "[" + id + "]";
  }
}
