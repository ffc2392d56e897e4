package dev.kiln.examples;

import static dev.kiln.nn.F.tanh;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * A model using the user-written {@link FeatureScale} layer, sized by constructor parameters:
 * {@code (B, in) -> (B, 1)}.
 */
@Model
public abstract class ScaledRegressor extends Module {
  @Layer final Linear fc;
  @Layer final FeatureScale scale;
  @Layer final Linear head;

  ScaledRegressor(int in, int hidden) {
    fc = new Linear(in, hidden);
    scale = new FeatureScale(hidden);
    head = new Linear(hidden, 1);
  }

  @Forward
  public Tensor forward(@Shape("B, in") Tensor x) {
    return head.apply(scale.apply(tanh(fc.apply(x))));
  }

  public static ScaledRegressor create(int in, int hidden) {
    return new KilnScaledRegressor(in, hidden);
  }
}
