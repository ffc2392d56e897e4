package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by PyTorch ({@code tools/fixtures/make_io_fixtures.py}) load with PyTorch's
 * float32 conversion, bit for bit; and the file Kiln writes from them is the committed
 * {@code kiln_dtypes.safetensors}, which that script's {@code --check} reads back in PyTorch.
 */
class PytorchFilesTest {
  private static final Path RESOURCES = Path.of("src/test/resources/io");

  @TempDir Path dir;

  @Test
  void everyDtypeConvertsToFloat32AsPytorchDoes() throws Exception {
    SafeTensorsFile file = SafeTensors.read(RESOURCES.resolve("pytorch_dtypes.safetensors"));
    assertEquals(Map.of("format", "pt"), file.metadata());
    int checked = 0;
    for (Map.Entry<String, StoredTensor> e : file.tensors().entrySet()) {
      String name = e.getKey();
      if (name.endsWith(".as_f32") || name.startsWith("inexact.")) {
        continue;
      }
      StoredTensor expected = file.tensors().get(name + ".as_f32");
      assertEquals(DType.F32, expected.dtype(), name);
      Tensor actual = e.getValue().toTensor();
      assertArrayEquals(expected.shape(), actual.shape(), name);
      assertArrayEquals(expected.bytes(), StoredTensor.of(actual).bytes(), name);
      checked++;
    }
    assertEquals(13, checked);
    assertEquals(DType.BF16, file.tensors().get("scalar.bf16").dtype());
    assertArrayEquals(new int[0], file.tensors().get("scalar.bf16").shape());
    assertArrayEquals(new int[] {0, 3}, file.tensors().get("empty.i64").shape());
  }

  @Test
  void valuesFloat32CannotHoldAreRefusedByName() throws Exception {
    SafeTensorsFile file = SafeTensors.read(RESOURCES.resolve("pytorch_dtypes.safetensors"));
    assertEquals("F64 element 1 is 0.1, which float32 cannot hold exactly (nearest 0.1)",
        message(file, "inexact.f64"));
    assertEquals("I64 element 0 is 16777217, which float32 cannot hold exactly (nearest 16777216)",
        message(file, "inexact.i64"));
    assertEquals("I32 element 1 is -2147483647, which float32 cannot hold exactly "
        + "(nearest -2147483648)", message(file, "inexact.i32"));
    Path path = RESOURCES.resolve("pytorch_dtypes.safetensors");
    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.load(path));
    assertEquals(path + ": tensor 'inexact.f64': cannot load as float32: F64 element 1 is 0.1, "
        + "which float32 cannot hold exactly (nearest 0.1)", e.getMessage());
  }

  @Test
  void kilnRewritesPytorchFilesAsTheCommittedFile() throws Exception {
    SafeTensorsFile pytorch = SafeTensors.read(RESOURCES.resolve("pytorch_dtypes.safetensors"));
    Map<String, String> metadata = new LinkedHashMap<>(pytorch.metadata());
    metadata.put("written_by", "kiln");
    Path written = dir.resolve("kiln_dtypes.safetensors");
    SafeTensors.write(new SafeTensorsFile(pytorch.tensors(), metadata), written);
    Path committed = RESOURCES.resolve("kiln_dtypes.safetensors");
    if (Boolean.getBoolean("kiln.fixtures.update")) {
      Files.copy(written, committed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(written),
        "Kiln's output changed: rerun with -Dkiln.fixtures.update=true, then"
            + " tools/fixtures/make_io_fixtures.py --check");
    assertEquals(pytorch.tensors(), SafeTensors.read(committed).tensors());
  }

  @Test
  void float8TypesConvertExactly() {
    assertEquals(1f, Float32Conversion.e4m3(0x38));
    assertEquals(-1f, Float32Conversion.e4m3(0xb8));
    assertEquals(448f, Float32Conversion.e4m3(0x7e));
    assertEquals(0x1p-9f, Float32Conversion.e4m3(0x01));
    assertEquals(0x1.cp-7f, Float32Conversion.e4m3(0x07)); // largest subnormal, 7 * 2^-9
    assertTrue(Float.isNaN(Float32Conversion.e4m3(0x7f)));
    StoredTensor e5m2 = StoredTensor.of(DType.F8_E5M2, new int[] {3},
        new byte[] {0x3c, 0x7c, 0x01});
    assertArrayEquals(new float[] {1f, Float.POSITIVE_INFINITY, 0x1p-16f},
        e5m2.toTensor().toFloatArray());
  }

  @Test
  void boolBytesOtherThanZeroAndOneAreRefused() {
    StoredTensor b = StoredTensor.of(DType.BOOL, new int[] {2}, new byte[] {1, 2});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::toTensor);
    assertEquals("BOOL element 1 is the byte 2, not 0 or 1", e.getMessage());
  }

  private static String message(SafeTensorsFile file, String name) {
    return assertThrows(IllegalArgumentException.class,
        () -> file.tensors().get(name).toTensor()).getMessage();
  }
}
