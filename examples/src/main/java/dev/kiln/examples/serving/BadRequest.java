package dev.kiln.examples.serving;

/** A request the service refuses: the HTTP status and a message for the client. */
final class BadRequest extends Exception {
  private static final long serialVersionUID = 1L;
  final int status;

  BadRequest(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
