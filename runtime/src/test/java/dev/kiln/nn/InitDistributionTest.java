package dev.kiln.nn;

import static dev.kiln.nn.SampleStats.assertNormal;
import static dev.kiln.nn.SampleStats.assertUniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each initialiser's distribution against torch.nn.init's formula (tolerances: see
 * {@link SampleStats}). A weight {@code (256, 512)} has fanIn 512 and fanOut 256; the conv
 * weight {@code (64, 32, 3, 3)} has fanIn 32 * 9 = 288 and fanOut 64 * 9 = 576. The expected
 * bounds are written from PyTorch's documented formulas with these fans as literals.
 */
class InitDistributionTest {
  private static Parameter weight(long seed) {
    Rng.manualSeed(seed);
    return new Parameter(dev.kiln.tensor.Device.cpu(), 256, 512);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void uniformAndNormal(long seed) {
    assertUniform(Init.uniform(weight(seed)), 0, 1);
    assertUniform(Init.uniform(weight(seed), -2, 3), -2, 3);
    assertNormal(Init.normal(weight(seed)), 0, 1);
    assertNormal(Init.normal(weight(seed), 1.5, 0.25), 1.5, 0.25);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void xavier(long seed) {
    // torch: bound = gain * sqrt(6 / (fan_in + fan_out)), std = gain * sqrt(2 / (fan_in + fan_out))
    double b = Math.sqrt(6.0 / (512 + 256));
    assertUniform(Init.xavierUniform(weight(seed)), -b, b);
    double g = 5.0 / 3; // calculate_gain('tanh')
    assertUniform(Init.xavierUniform(weight(seed), g), -g * b, g * b);
    assertNormal(Init.xavierNormal(weight(seed)), 0, Math.sqrt(2.0 / (512 + 256)));
    assertNormal(Init.xavierNormal(weight(seed), g), 0, g * Math.sqrt(2.0 / (512 + 256)));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void kaimingUniform(long seed) {
    // torch: bound = sqrt(3) * gain / sqrt(fan); defaults a=0, fan_in, leaky_relu -> gain sqrt(2)
    double b = Math.sqrt(3) * Math.sqrt(2) / Math.sqrt(512);
    assertUniform(Init.kaimingUniform(weight(seed)), -b, b);
    // a = sqrt(5) (nn.Linear's reset_parameters): gain sqrt(1/3), bound 1 / sqrt(fan_in)
    double lin = 1 / Math.sqrt(512);
    assertUniform(Init.kaimingUniform(weight(seed), Math.sqrt(5)), -lin, lin);
    double out = Math.sqrt(3) * Math.sqrt(2) / Math.sqrt(256);
    assertUniform(Init.kaimingUniform(weight(seed), 0, "fan_out", "relu"), -out, out);
    double conv = Math.sqrt(3) * Math.sqrt(2) / Math.sqrt(288);
    Rng.manualSeed(seed);
    Parameter c = new Parameter(dev.kiln.tensor.Device.cpu(), 64, 32, 3, 3);
    assertUniform(Init.kaimingUniform(c), -conv, conv);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void kaimingNormal(long seed) {
    // torch: std = gain / sqrt(fan)
    assertNormal(Init.kaimingNormal(weight(seed)), 0, Math.sqrt(2) / Math.sqrt(512));
    assertNormal(Init.kaimingNormal(weight(seed), 0, "fan_out"), 0, Math.sqrt(2) / Math.sqrt(256));
    double g = 1.3867504905630728; // calculate_gain('leaky_relu', 0.2)
    assertNormal(Init.kaimingNormal(weight(seed), 0.2), 0, g / Math.sqrt(512));
    double tanh = 5.0 / 3; // calculate_gain('tanh')
    assertNormal(Init.kaimingNormal(weight(seed), 0, "fan_in", "tanh"), 0, tanh / Math.sqrt(512));
    Rng.manualSeed(seed);
    Parameter c = new Parameter(dev.kiln.tensor.Device.cpu(), 64, 32, 3, 3);
    assertNormal(Init.kaimingNormal(c, 0, "fan_out"), 0, Math.sqrt(2) / Math.sqrt(576));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void randomTensors(long seed) {
    Rng.manualSeed(seed);
    Tensor u = Rng.rand(256, 512);
    Tensor n = Rng.randn(256, 512);
    assertArrayEquals(new int[] {256, 512}, n.shape());
    assertUniform(u, 0, 1);
    assertNormal(n, 0, 1);
  }
}
