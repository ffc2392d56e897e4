package dev.kiln.examples;

import static dev.kiln.nn.F.relu;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.AdaptiveAvgPool2d;
import dev.kiln.nn.AvgPool2d;
import dev.kiln.nn.Identity;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.PixelShuffle;
import dev.kiln.nn.Unflatten;
import dev.kiln.nn.Upsample;
import dev.kiln.nn.ZeroPad2d;
import dev.kiln.tensor.Tensor;

/** Every pooling, resampling and reshaping layer in one compiled model, sizes checked at compile time. */
@Model
abstract class VisionOps extends Module {
  @Layer final ZeroPad2d pad = new ZeroPad2d(new int[] {1, 2, 0, 1});
  @Layer final MaxPool2d ceilPool = new MaxPool2d(3, 2, 1).ceilMode(true);
  @Layer final AvgPool2d avg = new AvgPool2d(2).ceilMode(true);
  @Layer final Upsample up = new Upsample().scaleFactor(2).mode("bilinear");
  @Layer final PixelShuffle shuffle = new PixelShuffle(2);
  @Layer final MaxPool2d pool = new MaxPool2d(2);
  @Layer final AdaptiveAvgPool2d adaptive = new AdaptiveAvgPool2d(3);
  @Layer final Identity same = new Identity();
  @Layer final Linear fc = new Linear(1 * 3 * 3, 4 * 5);
  @Layer final Unflatten unflatten = new Unflatten(1, 4, 5);

  @Forward
  public Tensor forward(@Shape("B, 4, 11, 9") Tensor x) {
    Tensor h = ceilPool.apply(pad.apply(x));      // (B, 4, 7, 7)
    h = up.apply(avg.apply(h));                   // (B, 4, 8, 8)
    h = pool.apply(shuffle.apply(relu(h)));        // (B, 1, 8, 8)
    h = same.apply(adaptive.apply(h));             // (B, 1, 3, 3)
    return unflatten.apply(fc.apply(h.flatten(1)));
  }
}
