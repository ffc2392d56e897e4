package dev.kiln.examples;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Dropout2d;
import dev.kiln.nn.GroupNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/** Normalisation and dropout layers in one compiled model: train and eval behave as eager. */
@Model
abstract class NormOps extends Module {
  @Layer final BatchNorm2d bn = new BatchNorm2d(4);
  @Layer final Dropout2d drop2d = new Dropout2d(0.25f);
  @Layer final GroupNorm gn = new GroupNorm(2, 4);
  @Layer final Linear fc = new Linear(4 * 3 * 3, 6);
  @Layer final BatchNorm1d bn1 = new BatchNorm1d(6).momentum(0.3f);
  @Layer final Dropout drop = new Dropout(0.5f);

  @Forward
  public Tensor forward(@Shape("B, 4, 3, 3") Tensor x) {
    Tensor h = gn.apply(drop2d.apply(relu(bn.apply(x))));
    return drop.apply(bn1.apply(fc.apply(h.flatten(1))));
  }
}
