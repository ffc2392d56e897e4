package dev.kiln.processor.dims;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** Floor division in {@link Dim}: PyTorch's size formulas, normalised and evaluated. */
class FloorDivTest {
  private static final Dim H = Dim.symbol("H");
  private static final Dim W = Dim.symbol("W");

  private static Dim parse(String s) {
    return ShapeParser.parse(s).dims().get(0);
  }

  @Test
  void constantsDivideWithFloorAsPython() {
    assertThat(parse("7/2")).isEqualTo(Dim.of(3));
    assertThat(parse("(0 - 1)/2")).isEqualTo(Dim.of(-1));
    assertThat(parse("7 % 3")).isEqualTo(Dim.of(1));
    assertThat(parse("(28 + 2*1 - 1*(3 - 1) - 1)/2 + 1")).isEqualTo(Dim.of(14));
  }

  @Test
  void convolutionFormulasNormaliseToOneForm() {
    Dim strided = parse("(H + 2*1 - 1*(3 - 1) - 1)/2 + 1");
    assertThat(strided).isEqualTo(parse("(H + 1)/2"));
    assertThat(strided.toString()).isEqualTo("(H + 1)/2");
    assertThat(parse("(H + 2*1 - 1*(3 - 1) - 1)/1 + 1")).isEqualTo(H);
    assertThat(parse("(2*H + 4)/2")).isEqualTo(H.plus(Dim.of(2)));
    assertThat(parse("(2*H + 1)/4")).isEqualTo(parse("(2*H + 1)/4"));
    assertThat(parse("(H + 1)/2")).isNotEqualTo(parse("(W + 1)/2"));
  }

  @Test
  void substitutionEvaluatesQuotients() {
    Dim d = parse("16*((H - 4)/2)*((W - 4)/2)");
    assertThat(d.substitute(n -> n.equals("H") ? Dim.of(32) : Dim.of(28))).isEqualTo(Dim.of(16 * 14 * 12));
    assertThat(d.symbols()).containsExactly("H", "W");
    // (H - 4)/2 normalises to H/2 - 2: the same value for every H, so equal forms meet.
    assertThat(d).isEqualTo(parse("16*(H/2 - 2)*(W/2 - 2)"));
    assertThat(d.render(n -> n)).contains("Math.floorDiv(H, 2) * Math.floorDiv(W, 2)");
  }

  @Test
  void lowerBoundsAssumeSizesOfAtLeastOne() {
    assertThat(parse("(H + 1)/2").lowerBound()).isEqualTo(1);
    assertThat(parse("(H - 4)/2 + 1").lowerBound()).isEqualTo(-1);
    assertThat(parse("H - W").lowerBound()).isNull();
    assertThat(parse("3*H + W").lowerBound()).isEqualTo(4);
  }
}
