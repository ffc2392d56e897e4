package dev.kiln.processor.dims;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Dim}'s normal form: equal polynomials are equal however they are written. */
class DimTest {
  private static final Dim C = Dim.symbol("C");
  private static final Dim H = Dim.symbol("H");
  private static final Dim W = Dim.symbol("W");
  private static final Dim HIDDEN = Dim.symbol("hidden");

  @Test
  void productsAreCommutative() {
    assertThat(C.times(H).times(W)).isEqualTo(W.times(H).times(C));
    assertThat(C.times(H).times(W).hashCode()).isEqualTo(W.times(H).times(C).hashCode());
    assertThat(C.times(H)).isNotEqualTo(C.times(W));
  }

  @Test
  void sumsAreCommutativeAndCancel() {
    assertThat(HIDDEN.plus(Dim.of(1))).isEqualTo(Dim.of(1).plus(HIDDEN));
    Dim d = HIDDEN.plus(Dim.of(1)).minus(HIDDEN);
    assertThat(d.isConstant()).isTrue();
    assertThat(d.constant()).isEqualTo(1);
    assertThat(d).isEqualTo(Dim.of(1));
    assertThat(HIDDEN.minus(HIDDEN)).isEqualTo(Dim.of(0));
  }

  @Test
  void distributesAndCollectsTerms() {
    // (C + 1) * (C - 1) == C*C - 1
    assertThat(C.plus(Dim.of(1)).times(C.minus(Dim.of(1))))
        .isEqualTo(C.times(C).minus(Dim.of(1)));
    assertThat(C.plus(C).plus(C)).isEqualTo(Dim.of(3).times(C));
  }

  @Test
  void constantsAndSymbols() {
    assertThat(Dim.of(7).isConstant()).isTrue();
    assertThat(Dim.of(7).constant()).isEqualTo(7);
    assertThat(HIDDEN.isConstant()).isFalse();
    assertThat(HIDDEN.asSymbol()).isEqualTo("hidden");
    assertThat(Dim.of(2).times(HIDDEN).asSymbol()).isNull();
    assertThat(C.times(H).asSymbol()).isNull();
    assertThat(Dim.of(1).asSymbol()).isNull();
    assertThat(C.times(H).plus(W).symbols()).containsExactly("C", "H", "W").inOrder();
  }

  @Test
  void rendersAsSourceText() {
    assertThat(HIDDEN.plus(Dim.of(1)).toString()).isEqualTo("hidden + 1");
    assertThat(W.times(H).times(C).toString()).isEqualTo("C*H*W");
    assertThat(Dim.of(0).toString()).isEqualTo("0");
    assertThat(Dim.of(-3).toString()).isEqualTo("-3");
    assertThat(Dim.of(1).minus(HIDDEN).toString()).isEqualTo("-hidden + 1");
    assertThat(Dim.of(2).times(HIDDEN).minus(Dim.of(4)).render(s -> s))
        .isEqualTo("2 * hidden - 4");
    assertThat(C.times(H).render(s -> "this." + s)).isEqualTo("this.C * this.H");
  }

  @Test
  void substitutesSymbols() {
    Dim d = C.times(H).plus(Dim.of(1));
    assertThat(d.substitute(s -> s.equals("C") ? Dim.of(3) : null))
        .isEqualTo(Dim.of(3).times(H).plus(Dim.of(1)));
    assertThat(d.substitute(s -> Dim.of(2))).isEqualTo(Dim.of(5));
  }

  @Test
  void dividesOnlyWhenEveryCoefficientDivides() {
    assertThat(Dim.of(16).times(C).dividedBy(4)).isEqualTo(Dim.of(4).times(C));
    assertThat(Dim.of(16).times(C).plus(Dim.of(2)).dividedBy(4)).isNull();
    assertThat(C.dividedBy(0)).isNull();
  }
}
