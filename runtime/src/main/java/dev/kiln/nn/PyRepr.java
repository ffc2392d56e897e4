package dev.kiln.nn;

import java.math.BigDecimal;

/** Python's {@code repr} of the numbers in layer reprs ({@code eps=1e-05}, {@code p=0.25}). */
final class PyRepr {
  private PyRepr() {}

  /** {@code repr(float(v))} for the decimal {@code v} was written as ({@code 1e-5f} is 1e-05). */
  static String of(float v) {
    if (Float.isNaN(v)) {
      return "nan";
    }
    if (Float.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Float.toString(v)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1;
    String sign = d.signum() < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String digits = d.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = Integer.toString(Math.abs(exp));
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    String plain = d.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  /** Python's {@code True} / {@code False}. */
  static String of(boolean b) {
    return b ? "True" : "False";
  }
}
