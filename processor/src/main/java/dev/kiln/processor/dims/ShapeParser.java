package dev.kiln.processor.dims;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses shape strings such as {@code "B, 3"}, {@code "*, in"} or {@code "N, C*H*W"}: items
 * separated by commas, each an integer expression with {@code + - * / %} ({@code /} dividing
 * with floor, as PyTorch's size formulas), parentheses, integer literals and names; one item
 * {@code *} stands for any number of dimensions.
 */
public final class ShapeParser {
  private final String text;
  private int pos;

  private ShapeParser(String text) {
    this.text = text;
  }

  /** The parsed pattern, or an exception whose message says what is wrong. */
  public static Pattern parse(String text) {
    String rest = text.trim();
    List<Dim> dims = new ArrayList<>();
    int star = -1;
    if (!rest.isBlank()) {
      for (String item : rest.split(",", -1)) {
        if (item.trim().equals("*")) {
          if (star >= 0) {
            throw new IllegalArgumentException("more than one * in \"" + text + "\"");
          }
          star = dims.size();
          continue;
        }
        if (item.isBlank()) {
          throw new IllegalArgumentException("empty dimension in \"" + text + "\"; separate"
              + " sizes with a single comma, e.g. \"B, 3\"");
        }
        ShapeParser p = new ShapeParser(item);
        Dim d = p.sum();
        p.skipSpace();
        if (p.pos != item.length()) {
          throw new IllegalArgumentException("cannot read dimension '" + item.trim() + "' in \""
              + text + "\"; use integers, names, + - * and parentheses");
        }
        dims.add(d);
      }
    }
    return new Pattern(star, dims);
  }

  private Dim sum() {
    Dim d = product();
    while (true) {
      skipSpace();
      if (peek('+')) {
        pos++;
        d = d.plus(product());
      } else if (peek('-')) {
        pos++;
        d = d.minus(product());
      } else {
        return d;
      }
    }
  }

  private Dim product() {
    Dim d = atom();
    skipSpace();
    while (peek('*') || peek('/') || peek('%')) {
      char op = text.charAt(pos++);
      Dim r = atom();
      d = op == '*' ? d.times(r) : op == '/' ? d.floorDiv(r) : d.mod(r);
      if (d == null) {
        throw new IllegalArgumentException("division by zero in '" + text.trim() + "'");
      }
      skipSpace();
    }
    return d;
  }

  private Dim atom() {
    skipSpace();
    if (peek('(')) {
      pos++;
      Dim d = sum();
      skipSpace();
      expect(')');
      return d;
    }
    int start = pos;
    while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    if (word.isEmpty()) {
      throw new IllegalArgumentException("expected a size in '" + text.trim() + "'");
    }
    if (Character.isDigit(word.charAt(0)) && !word.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("'" + word + "' is neither a number nor a name");
    }
    return Character.isDigit(word.charAt(0)) ? Dim.of(Long.parseLong(word)) : Dim.symbol(word);
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw new IllegalArgumentException("expected '" + c + "' in '" + text.trim() + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
