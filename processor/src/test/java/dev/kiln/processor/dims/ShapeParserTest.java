package dev.kiln.processor.dims;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ShapeParser}: the text of {@code @Shape} and {@code @ShapeContract}. */
class ShapeParserTest {
  private static final Dim B = Dim.symbol("B");

  @Test
  void namesAndIntegers() {
    Pattern p = ShapeParser.parse("B, 3");
    assertThat(p.star()).isFalse();
    assertThat(p.dims()).containsExactly(B, Dim.of(3)).inOrder();
    assertThat(p.toString()).isEqualTo("(B, 3)");
  }

  @Test
  void leadingStar() {
    Pattern p = ShapeParser.parse("*, in");
    assertThat(p.star()).isTrue();
    assertThat(p.dims()).containsExactly(Dim.symbol("in"));
    assertThat(p.toString()).isEqualTo("(*, in)");
    assertThat(ShapeParser.parse("*")).isEqualTo(new Pattern(true, List.of()));
    assertThat(ShapeParser.parse(" * , in")).isEqualTo(p);
  }

  @Test
  void products() {
    Pattern p = ShapeParser.parse("N, C*H*W");
    Dim chw = Dim.symbol("W").times(Dim.symbol("H")).times(Dim.symbol("C"));
    assertThat(p.dims()).containsExactly(Dim.symbol("N"), chw).inOrder();
  }

  @Test
  void arithmeticAndParentheses() {
    Dim hidden = Dim.symbol("hidden");
    assertThat(ShapeParser.parse(" B , hidden+1 ").dims())
        .containsExactly(B, hidden.plus(Dim.of(1))).inOrder();
    assertThat(ShapeParser.parse("2 * (hidden - 1)").dims())
        .containsExactly(Dim.of(2).times(hidden).minus(Dim.of(2)));
    assertThat(ShapeParser.parse("28*28").dims()).containsExactly(Dim.of(784));
  }

  @Test
  void emptyShapeIsAScalar() {
    assertThat(ShapeParser.parse("").dims()).isEmpty();
  }

  @Test
  void doubledCommaIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ShapeParser.parse("B,, 3"));
    assertThat(e).hasMessageThat().contains("empty dimension in \"B,, 3\"");
  }

  @Test
  void trailingCommaIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> ShapeParser.parse("B, 3,"));
  }

  @Test
  void unreadableDimensionIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ShapeParser.parse("B, 3 x"));
    assertThat(e).hasMessageThat().contains("cannot read dimension '3 x' in \"B, 3 x\"");
    e = assertThrows(IllegalArgumentException.class, () -> ShapeParser.parse("B, 3x"));
    assertThat(e).hasMessageThat().contains("'3x' is neither a number nor a name");
    assertThrows(IllegalArgumentException.class, () -> ShapeParser.parse("B, (3"));
    assertThrows(IllegalArgumentException.class, () -> ShapeParser.parse("B, 3 +"));
  }
}
