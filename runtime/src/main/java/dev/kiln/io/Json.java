package dev.kiln.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON parser for safetensors headers. Objects become {@link LinkedHashMap}s in
 * source order, arrays {@link List}s, integers {@link Long}s, other numbers {@link Double}s.
 * Malformed input, a duplicate key or nesting deeper than {@value #MAX_DEPTH} throws
 * {@link IllegalArgumentException} naming the offset.
 */
final class Json {
  /** Headers nest three deep; the limit keeps hostile input from exhausting the stack. */
  static final int MAX_DEPTH = 16;

  private final String s;
  private int pos;
  private int depth;

  private Json(String s) {
    this.s = s;
  }

  /** Parses one JSON value spanning all of {@code json} (surrounding whitespace allowed). */
  static Object parse(String json) {
    Json p = new Json(json);
    Object value = p.value();
    p.skipSpace();
    if (p.pos != json.length()) {
      throw p.error("trailing characters");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    char c = peek();
    if ((c == '{' || c == '[') && ++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    if (c == '{') {
      Map<String, Object> map = new LinkedHashMap<>();
      pos++;
      if (!consume('}')) {
        do {
          skipSpace();
          String key = string();
          expect(':');
          if (map.put(key, value()) != null) {
            throw error("duplicate name \"" + key + "\"");
          }
        } while (consume(','));
        expect('}');
      }
      depth--;
      return map;
    }
    if (c == '[') {
      List<Object> list = new ArrayList<>();
      pos++;
      if (!consume(']')) {
        do {
          list.add(value());
        } while (consume(','));
        expect(']');
      }
      depth--;
      return list;
    }
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, pos)) {
        pos += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = pos;
    while (pos < s.length() && "+-.eE0123456789".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String num = s.substring(start, pos);
    try {
      return num.matches("-?(0|[1-9][0-9]*)") ? (Object) Long.parseLong(num)
          : (Object) Double.parseDouble(num);
    } catch (NumberFormatException e) {
      pos = start;
      throw error(num.isEmpty() ? "unexpected character '" + c + "'" : "bad number " + num);
    }
  }

  private String string() {
    if (peek() != '"') {
      throw error("expected a string");
    }
    StringBuilder out = new StringBuilder();
    for (pos++; peek() != '"'; pos++) {
      char c = s.charAt(pos);
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c == '\\') {
        pos++;
        char e = peek();
        int i = "\"\\/bfnrt".indexOf(e);
        if (i >= 0) {
          c = "\"\\/\b\f\n\r\t".charAt(i);
        } else if (e == 'u' && pos + 4 < s.length()) {
          try {
            c = (char) Integer.parseInt(s.substring(pos + 1, pos + 5), 16);
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        } else {
          throw error("bad escape");
        }
      }
      out.append(c);
    }
    pos++;
    return out.toString();
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    return s.charAt(pos);
  }

  private boolean consume(char c) {
    skipSpace();
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!consume(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void skipSpace() {
    while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + pos);
  }
}
