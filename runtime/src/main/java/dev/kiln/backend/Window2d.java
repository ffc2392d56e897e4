package dev.kiln.backend;

/**
 * A 2-D pooling window: kernel size, stride, padding and dilation per axis (height, width), as
 * {@code torch.nn.MaxPool2d} takes them. Output sizes come from the output tensor's shape, so
 * {@code ceil_mode} needs no field here.
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
    int dilationH, int dilationW) {
  /** A window without dilation. */
  public Window2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    this(kernelH, kernelW, strideH, strideW, padH, padW, 1, 1);
  }
}
