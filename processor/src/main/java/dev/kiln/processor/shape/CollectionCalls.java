package dev.kiln.processor.shape;

import com.sun.source.tree.Tree;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Shape;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Expr;
import dev.kiln.processor.parse.LayerDecl;
import dev.kiln.processor.parse.LayerSpec;
import dev.kiln.processor.parse.ModelDecl;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves which layer a call names ({@code field}, {@code blocks.get(0)}, {@code
 * layers.get("encoder")}, a for-each variable) and lowers a loop over a ModuleList whose length
 * is known only at run time to one {@link OpKind#CHAIN} op, after checking one element.
 */
final class CollectionCalls {
  /** A resolved layer: its Java expression, spec, and how messages name it. */
  record Target(String code, LayerSpec spec, String where) {}

  private final ModelDecl model;
  private final Reporter report;
  private final Prover prover;

  CollectionCalls(ModelDecl model, Reporter report, Prover prover) {
    this.model = model;
    this.report = report;
    this.prover = prover;
  }

  /** The layer {@code a} calls, element {@code index} of loop variable's list if in a loop. */
  Target resolve(Expr.Apply a, String loopField, Integer loopIndex) {
    String field = loopField != null ? loopField : a.layer();
    LayerDecl d = model.layer(field);
    String element = loopField != null ? (loopIndex == null ? null : loopIndex.toString())
        : a.element();
    LayerSpec spec = d.spec();
    String code = field;
    if (element != null || loopField != null) {
      if (spec instanceof LayerSpec.DictOf dict) {
        spec = dict.elements().get(element.substring(1, element.length() - 1));
        if (spec == null) {
          report.error(Code.LAYER, a.tree(), "ModuleDict '" + field + "' has no key " + element
              + "; its keys are " + dict.elements().keySet());
          return null;
        }
      } else {
        LayerSpec.ListOf list = (LayerSpec.ListOf) spec;
        if (list.uniform() != null) {
          spec = list.uniform();
        } else {
          int n = list.fixed().size();
          int i = element == null ? -1 : Integer.parseInt(element);
          if (i < -n || i >= n) {
            report.error(Code.LAYER, a.tree(), "index " + i + " is out of range for ModuleList '"
                + field + "' of " + n + " layers");
            return null;
          }
          element = Integer.toString(i < 0 ? i + n : i);
          spec = list.fixed().get(Integer.parseInt(element));
        }
      }
      // a loop-filled list's element is checked once and run by a ListChain, never named
      code = field + ".get(" + (element == null ? "i" : element) + ")";
    }
    String shown = code.replaceAll("\\.get\\((\\S+)\\)", "[$1]");
    if (loopField != null && loopIndex != null) {
      // an unrolled loop: the list must still hold the elements it was unrolled over
      code = field + ".get(" + element + ", "
          + ((LayerSpec.ListOf) d.spec()).fixed().size() + ")";
    }
    return new Target(code, spec, shown + " = " + spec.text() + " (line "
        + report.line(spec.tree()) + ")");
  }


  /**
   * After one element was checked on {@code x} (ops from {@code mark} on), replaces those ops by a
   * {@link OpKind#CHAIN} op over the whole list; the element must keep {@code x}'s shape.
   */
  Value chain(List<Op> ops, int mark, String field, Value x, Value y, List<MultiCalls.Arg> extras,
      Value out, Tree at) {
    ops.subList(mark, ops.size()).clear();
    Shape a = x.shape();
    Shape b = y.shape();
    boolean same = a.rank() == b.rank();
    for (int i = 0; same && i < a.rank(); i++) {
      same = a.get(i).equals(b.get(i));
    }
    if (!same) {
      prover.fail("the elements of ModuleList '" + field + "' do not chain: an element turns "
          + a + " into " + b + ", but in a loop over the list each element's output is the next"
          + " one's input, so it must keep the shape " + a, at);
      return null;
    }
    List<Value> in = new ArrayList<>(List.of(x));
    List<Integer> slots = new ArrayList<>(List.of(0));
    List<Boolean> noGrad = new ArrayList<>(List.of(false));
    for (int i = 0; i < extras.size(); i++) {
      if (extras.get(i).value() != null) {
        in.add(extras.get(i).value());
        slots.add(i + 1);
        noGrad.add(extras.get(i).mask());
      }
    }
    ops.add(new Op(OpKind.CHAIN, field, in, out, out.source(), new Op.Parts(List.of(out),
        List.of("output"), slots, extras.size() + 1, noGrad)));
    return out;
  }
}
