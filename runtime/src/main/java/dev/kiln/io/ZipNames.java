package dev.kiln.io;

/**
 * Entry names a torch archive may hold: relative paths of plain segments. Absolute paths,
 * {@code ..} and {@code .} segments, empty segments, backslashes, drive letters and control
 * characters are refused: they are how hostile archives reach outside their folder.
 */
final class ZipNames {
  static final int MAX_LENGTH = 1024;

  private ZipNames() {}

  /** Why {@code name} is refused, or {@code null} if it is a plain relative path. */
  static String problem(String name) {
    if (name.isEmpty()) {
      return "an empty name";
    }
    if (name.length() > MAX_LENGTH) {
      return "a name over " + MAX_LENGTH + " characters";
    }
    if (name.startsWith("/")) {
      return "an absolute path";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "a control character";
      }
      if (c == '\\' || c == ':') {
        return "'" + c + "'";
      }
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "a '" + segment + "' segment";
      }
    }
    if (name.contains("//") || name.endsWith("/")) {
      return "an empty segment";
    }
    return null;
  }
}
