package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The pooling family's argument and input errors, with their exact messages. */
class PoolErrorsTest {
  private static void fails(String message, Executable e) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
  }

  private static final String MAX2 =
      "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)";

  @Test
  void poolingArguments() {
    fails("kernel_size must be at least 1, got 0", () -> new MaxPool2d(0));
    fails("kernel_size must be one int or a pair (h, w), got [1, 2, 3]",
        () -> new AvgPool2d(new int[] {1, 2, 3}));
    fails("stride must be at least 1, got 0", () -> new AvgPool2d(2, 0));
    fails("stride must be at least 1, got (1, 0)", () -> new MaxPool2d(2).stride(1, 0));
    fails("padding must be at least 0, got -1", () -> new MaxPool2d(2, 2, -1));
    fails("dilation must be at least 1, got 0", () -> new MaxPool2d(2).dilation(0));
    fails("pad should be at most half of kernel size, but got pad=2 and kernel_size=3",
        () -> new MaxPool2d(3).padding(2));
    fails("pad should be at most half of kernel size, but got pad=2 and kernel_size=3",
        () -> new AvgPool2d(new int[] {5, 3}).padding(2, 2));
    fails("output_size must be at least 1, got 0", () -> new AdaptiveAvgPool2d(0));
  }

  @Test
  void poolingInputs() {
    fails(MAX2 + " expects input (N, C, H, W) or (C, H, W) but got (5, 5)",
        () -> new MaxPool2d(2).apply(Tensor.zeros(5, 5)));
    fails(MAX2 + ": given input size (1, 1, 1, 1), the calculated output size (1, 1, 0, 0) is"
        + " too small", () -> new MaxPool2d(2).apply(Tensor.zeros(1, 1, 1, 1)));
    fails("AvgPool2d(kernel_size=4, stride=4, padding=0): given input size (1, 3, 3), the"
        + " calculated output size (1, 0, 0) is too small",
        () -> new AvgPool2d(4).apply(Tensor.zeros(1, 3, 3)));
    fails("AdaptiveAvgPool2d(output_size=3) expects input (N, C, H, W) or (C, H, W) but got"
        + " (2, 1, 3, 5, 5)", () -> new AdaptiveAvgPool2d(3).apply(Tensor.zeros(2, 1, 3, 5, 5)));
  }

  @Test
  void upsample() {
    fails("Upsample mode must be \"nearest\" or \"bilinear\", got \"bicubic\"",
        () -> new Upsample().mode("bicubic"));
    fails("scale_factor must be at least 1, got 0", () -> new Upsample().scaleFactor(0));
    fails("Upsample needs a scale factor: scaleFactor(s)",
        () -> new Upsample().apply(Tensor.zeros(1, 1, 2, 2)));
    fails("align_corners option can only be set with the interpolating modes: bilinear",
        () -> new Upsample().scaleFactor(2).alignCorners(true).apply(Tensor.zeros(1, 1, 2, 2)));
    fails("Upsample(scale_factor=2.0, mode=nearest) expects input (N, C, H, W) but got (1, 5, 5)",
        () -> new Upsample().scaleFactor(2).apply(Tensor.zeros(1, 5, 5)));
  }

  @Test
  void pixelShuffleAndPadding() {
    fails("upscale_factor must be at least 1, got 0", () -> new PixelShuffle(0));
    fails("PixelShuffle(upscale_factor=2): pixel_shuffle expects its input's 'channel' dimension"
        + " to be divisible by the square of upscale_factor, but input (1, 3, 5, 5) has 3"
        + " channels, not divisible by 4",
        () -> new PixelShuffle(2).apply(Tensor.zeros(1, 3, 5, 5)));
    fails("PixelShuffle(upscale_factor=2) expects input (*, C, H, W) but got (4, 5)",
        () -> new PixelShuffle(2).apply(Tensor.zeros(4, 5)));
    fails("ZeroPad2d((-3, -3, -3, -3)): given input size (1, 1, 5, 5), the calculated output size"
        + " (1, 1, -1, -1) is too small", () -> new ZeroPad2d(-3).apply(Tensor.zeros(1, 1, 5, 5)));
    fails("ZeroPad2d((1, 1, 1, 1)) expects input (*, H, W) but got (5)",
        () -> new ZeroPad2d(1).apply(Tensor.zeros(5)));
    fails("padding must be one int or (left, right, top, bottom), got [1, 2]",
        () -> new ZeroPad2d(new int[] {1, 2}));
  }

  @Test
  void unflatten() {
    fails("Unflatten(dim=1, unflattened_size=(2, 4)): provided sizes [2, 4] don't multiply up to"
        + " the size of dim 1 (6) in the input (2, 6)",
        () -> new Unflatten(1, 2, 4).apply(Tensor.zeros(2, 6)));
    fails("Unflatten(dim=1, unflattened_size=(4, -1)): provided sizes [4, -1] don't multiply up"
        + " to the size of dim 1 (6) in the input (2, 6)",
        () -> new Unflatten(1, 4, -1).apply(Tensor.zeros(2, 6)));
    fails("Unflatten(dim=2, unflattened_size=(2, 3)): dimension out of range (expected to be in"
        + " range of [-2, 1], but got 2) for input (2, 6)",
        () -> new Unflatten(2, 2, 3).apply(Tensor.zeros(2, 6)));
    fails("Unflatten: only one dimension can be inferred, got [2, -1, -1]",
        () -> new Unflatten(1, 2, -1, -1));
    fails("Unflatten sizes must be positive or -1, got [0, 6]", () -> new Unflatten(1, 0, 6));
    fails("Unflatten needs at least one size", () -> new Unflatten(1));
  }
}
