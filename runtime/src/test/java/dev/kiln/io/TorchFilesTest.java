package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Files {@code torch.save} wrote (PyTorch 1.13, {@code tools/fixtures/make_torch_file_fixtures.py})
 * read bitwise equal to the same tensors made contiguous and written as safetensors by PyTorch:
 * every dtype, big-endian files, strided views sharing a storage, parameters, a nested training
 * checkpoint with its plain values, pickle protocols 2 to 5, storages saved on a GPU.
 */
class TorchFilesTest {
  static final Path DIR = Path.of("src/test/resources/io/torch");

  @ParameterizedTest
  @ValueSource(strings = {"dtypes", "views", "checkpoint"})
  void tensorsEqualPytorchsBitwiseInTheFilesOrder(String name) throws Exception {
    TorchFile file = TorchFiles.read(DIR.resolve(name + ".pt"));
    SafeTensorsFile expected = SafeTensors.read(DIR.resolve(name + ".safetensors"));
    assertEquals(List.of(expected.metadata().get("order").split(",")),
        List.copyOf(file.tensors().keySet()));
    assertEquals(expected.tensors(), file.tensors());
    assertEquals(file, TorchFiles.read(ByteBuffer.wrap(Files.readAllBytes(
        DIR.resolve(name + ".pt")))), "in-memory read");
  }

  @Test
  void everyDtypeLoadsAsFloat32AsSafeTensorsDoes() throws Exception {
    Map<String, Tensor> loaded = TorchFiles.load(DIR.resolve("dtypes.pt"));
    Map<String, Tensor> expected = SafeTensors.load(DIR.resolve("dtypes.safetensors"));
    assertEquals(expected.keySet(), loaded.keySet());
    for (String k : expected.keySet()) {
      assertArrayEquals(expected.get(k).shape(), loaded.get(k).shape(), k);
      assertArrayEquals(expected.get(k).toFloatArray(), loaded.get(k).toFloatArray(), k);
    }
    assertEquals(List.of(DType.F32, DType.F16, DType.BF16, DType.F64, DType.I64, DType.I32,
        DType.I16, DType.I8, DType.U8, DType.BOOL), TorchFiles.read(DIR.resolve("dtypes.pt"))
        .tensors().values().stream().map(StoredTensor::dtype).toList());
  }

  @Test
  void bigEndianFileReadsAsTheLittleEndianOne() throws Exception {
    assertEquals(TorchFiles.read(DIR.resolve("dtypes.pt")),
        TorchFiles.read(DIR.resolve("big_endian.pt")));
  }

  @Test
  void checkpointKeepsItsPlainValues() throws Exception {
    Map<String, Object> v = TorchFiles.read(DIR.resolve("checkpoint.pt")).values();
    assertEquals(3L, v.get("epoch"));
    assertEquals(0.25, v.get("loss"));
    assertEquals("skip-mlp", v.get("name"));
    assertTrue(v.containsKey("note"));
    assertNull(v.get("note"));
    assertEquals(List.of(1.0, 0.5, 0.25), v.get("history"));
    assertEquals(List.of("a", "b"), v.get("tags"));
    assertEquals(true, v.get("best"));
    assertEquals(ByteBuffer.wrap(new byte[] {0, 1, 'k', 'i', 'l', 'n'}), v.get("blob"));
    assertEquals(0.01, v.get("optimizer.param_groups.0.lr"));
    assertEquals(List.of(0.9, 0.999), v.get("optimizer.param_groups.0.betas"));
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), v.get("optimizer.param_groups.0.params"));
    Map<String, Tensor> t = TorchFiles.load(DIR.resolve("checkpoint.pt"));
    assertEquals(3f, t.get("optimizer.state.0.step").item());
    assertArrayEquals(new int[] {16, 3}, t.get("model.fc1.weight").shape());
  }

  @Test
  void aValueFloat32CannotHoldIsRefusedNamingTheTensor() throws Exception {
    Path file = DIR.resolve("inexact.pt");
    assertEquals(DType.I64, TorchFiles.read(file).tensors().get("inexact").dtype());
    TorchFileException e = assertThrows(TorchFileException.class, () -> TorchFiles.load(file));
    assertEquals(file + ": tensor 'inexact': cannot load as float32: I64 element 1 is 16777217,"
        + " which float32 cannot hold exactly (nearest 16777216)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"protocol_2", "protocol_3", "protocol_4", "protocol_5", "cuda"})
  void everyProtocolAndGpuStoragesReadTheSame(String name) throws Exception {
    TorchFile file = TorchFiles.read(DIR.resolve(name + ".pt"));
    assertEquals(Map.of("n", 7L, "name", "small"), file.values());
    Map<String, Tensor> t = TorchFiles.load(DIR.resolve(name + ".pt"));
    assertEquals(List.of("w", "b"), List.copyOf(t.keySet()));
    assertArrayEquals(new float[] {1f, -2f, 3.5f, 4f}, t.get("w").toFloatArray());
    assertArrayEquals(new int[] {2, 2}, t.get("w").shape());
    assertArrayEquals(new float[] {0.5f, -0.5f}, t.get("b").toFloatArray());
  }

  @Test
  void sharedStorageViewsAndTiedParametersAreEachMaterialised() throws Exception {
    Map<String, Tensor> t = TorchFiles.load(DIR.resolve("views.pt"));
    assertArrayEquals(new float[] {1, 3, 5, 13, 15, 17}, t.get("strided").toFloatArray());
    assertArrayEquals(new int[] {6, 4}, t.get("transposed").shape());
    assertArrayEquals(new float[] {3, 9, 15, 21}, t.get("column").toFloatArray());
    assertArrayEquals(t.get("param").toFloatArray(), t.get("param_again").toFloatArray());
    assertArrayEquals(new int[0], t.get("scalar").shape());
    assertArrayEquals(new int[] {0, 3}, t.get("empty").shape());
  }
}
