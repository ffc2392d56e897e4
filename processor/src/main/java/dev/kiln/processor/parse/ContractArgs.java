package dev.kiln.processor.parse;

import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.ShapeParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The size arguments a {@code @ShapeContract} declares: {@code "in"}, {@code "stride=1"},
 * {@code "kernelSize[2]"}, {@code "padding[2]=0"}.
 */
record ContractArgs(List<Arg> args) {
  /**
   * One argument: its name, 1 or 2 components, and its default (null: required), an integer or
   * an expression over earlier arguments ({@code "stride[2]=kernelSize"}: each component
   * defaults to the same component of {@code kernelSize}).
   */
  record Arg(String name, int arity, Dim fallback) {
    /** The contract symbols it binds: {@code kernelSize0, kernelSize1} for a pair. */
    List<String> symbols() {
      if (arity == 1) {
        return List.of(name);
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < arity; i++) {
        out.add(name + i);
      }
      return out;
    }
  }

  /** Parses the declarations, or throws with what is wrong. */
  static ContractArgs parse(List<String> declared) {
    List<Arg> out = new ArrayList<>();
    for (String d : declared) {
      String[] kv = d.split("=", 2);
      String head = kv[0].trim();
      int arity = 1;
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)\\[(\\d)]").matcher(head);
      if (m.matches()) {
        head = m.group(1);
        arity = Integer.parseInt(m.group(2));
      }
      if (!head.matches("[A-Za-z_]\\w*") || arity < 1 || arity > 4) {
        throw new IllegalArgumentException("argument '" + d + "' is not 'name', 'name=default',"
            + " 'name[n]' or 'name[n]=default' (n up to 4)");
      }
      Dim fallback = null;
      if (kv.length == 2) {
        List<Dim> dims = ShapeParser.parse(kv[1]).dims();
        if (dims.size() != 1) {
          throw new IllegalArgumentException("the default of '" + head + "' must be one size");
        }
        fallback = dims.get(0);
      }
      out.add(new Arg(head, arity, fallback));
    }
    return new ContractArgs(out);
  }

  /** The argument named {@code name}, or null. */
  Arg named(String name) {
    return args.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
  }
}
