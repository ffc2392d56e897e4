package dev.kiln.examples;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * The CNN flagship: two 3x3 convolutions (the first with batch norm), 2x2 max pooling after
 * each, dropout, and two linear layers, as the tutorials' Fashion-MNIST CNN. Input
 * {@code (B, 1, 28, 28)} images, output {@code (B, 10)} logits.
 */
@Model
public abstract class FashionCnn extends Module {
  @Layer final Conv2d conv1 = new Conv2d(1, 32, 3).padding(1);
  @Layer final BatchNorm2d bn1 = new BatchNorm2d(32);
  @Layer final Conv2d conv2 = new Conv2d(32, 64, 3, 1, 1);   // PyTorch's positional order
  @Layer final MaxPool2d pool = new MaxPool2d(2);
  @Layer final Dropout drop = new Dropout(0.25f);
  @Layer final Linear fc1 = new Linear(64 * 7 * 7, 128);
  @Layer final Linear fc2 = new Linear(128, 10);

  @Forward
  public Tensor forward(@Shape("B, 1, 28, 28") Tensor x) {
    Tensor h = pool.apply(relu(bn1.apply(conv1.apply(x))));
    h = pool.apply(relu(conv2.apply(h)));
    h = drop.apply(h.flatten(1));
    return fc2.apply(relu(fc1.apply(h)));
  }

  public static FashionCnn create() {
    return new KilnFashionCnn();
  }
}
