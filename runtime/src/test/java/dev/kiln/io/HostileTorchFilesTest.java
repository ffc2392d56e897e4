package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus ({@code hostile_*.pt}, written by
 * {@code tools/fixtures/make_torch_file_fixtures.py}) is rejected with these exact messages,
 * allocating under 1 MB each, executing nothing (the file the pickles would create never
 * appears) and leaving a model being loaded unchanged.
 */
class HostileTorchFilesTest {
  static final Path CORPUS = Path.of(
      "src/test/resources/dev/kiln/io/TorchFilesFuzzTestInputs/readerAcceptsOrRejectsCleanly");
  private static final Path PWNED = Path.of("/tmp/kiln-torch-pwned");
  private static final long ALLOCATION_BUDGET = 1 << 20;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Each file's message, after the file name and ": ". */
  static final Map<String, String> MESSAGES = new TreeMap<>(Map.ofEntries(
        Map.entry("build_on_tuple",
            "archive/data.pkl at byte 4: BUILD on a tuple is not allowed"),
        Map.entry("byteorder_middle",
            "entry 'archive/byteorder' holds 'middle', not little|big"),
        Map.entry("crc_mismatch",
            "entry 'archive/data/0' is corrupt (CRC-32 295bf772, the directory says 91e79017)"),
        Map.entry("deflate_size_lie",
            "entry 'archive/data.pkl' does not inflate to its declared 50 bytes"),
        Map.entry("dict_key_tuple",
            "archive/data.pkl at byte 14: a dict key of type tuple is not supported"),
        Map.entry("empty_directory",
            "an empty zip archive"),
        Map.entry("entries_duplicate",
            "entry 'archive/data.pkl' appears twice"),
        Map.entry("entries_overlap",
            "entries 'archive/data.pkl' and 'archive/data/0' overlap"),
        Map.entry("entry_encrypted",
            "entry 'archive/data.pkl' is encrypted"),
        Map.entry("entry_outside_folder",
            "entry 'other/x' is outside the archive's folder 'archive'"),
        Map.entry("entry_size_past_directory",
            "entry 'archive/data.pkl' (4294967280 bytes at 46) runs into the central "
                + "directory at 212"),
        Map.entry("global_builtins_eval",
            "archive/data.pkl at byte 2: global __builtin__.eval is not allowed (a torch file "
                + "may name only tensor rebuild functions, storage types and OrderedDict)"),
        Map.entry("global_builtins_exec_stack_global",
            "archive/data.pkl at byte 29: global builtins.exec is not allowed (a torch file "
                + "may name only tensor rebuild functions, storage types and OrderedDict)"),
        Map.entry("global_builtins_open_creates_file",
            "archive/data.pkl at byte 2: global io.open is not allowed (a torch file may name "
                + "only tensor rebuild functions, storage types and OrderedDict)"),
        Map.entry("global_in_a_tensor_argument",
            "archive/data.pkl at byte 49: global posix.system is not allowed (a torch file "
                + "may name only tensor rebuild functions, storage types and OrderedDict)"),
        Map.entry("global_os_system",
            "archive/data.pkl at byte 2: global posix.system is not allowed (a torch file may "
                + "name only tensor rebuild functions, storage types and OrderedDict)"),
        Map.entry("global_subprocess_popen",
            "archive/data.pkl at byte 2: global commands.Popen is not allowed (a torch file "
                + "may name only tensor rebuild functions, storage types and OrderedDict)"),
        Map.entry("integer_wider_than_64_bits",
            "archive/data.pkl at byte 2: an integer of 9 bytes (wider than 64 bits)"),
        Map.entry("legacy_format",
            "a file in the legacy torch.save format (PyTorch before 1.6, or "
                + "_use_new_zipfile_serialization=False), which Kiln does not read; "
                + "convert it with PyTorch: torch.save(torch.load(path), path)"),
        Map.entry("list_holding_itself",
            "the list at '0' is also at '' (a structure holding itself, or shared)"),
        Map.entry("local_name_differs",
            "entry 'archive/data.pkl': its local header names another entry"),
        Map.entry("mark_overflow",
            "archive/data.pkl at byte 50002: the stack holds more than 50000 items and marks"),
        Map.entry("memo_get_never_stored",
            "archive/data.pkl at byte 2: memo index 5 was never stored"),
        Map.entry("memo_index_huge",
            "archive/data.pkl at byte 3: memo index 4000000000 is over the limit of 1000000"),
        Map.entry("nested_too_deep",
            "nested more than 64 levels deep"),
        Map.entry("not_a_zip",
            "not a PyTorch file (not a zip archive or a pickle)"),
        Map.entry("opcode_inst",
            "archive/data.pkl at byte 3: opcode INST (0x69) is not allowed (torch.save does "
                + "not write it)"),
        Map.entry("opcode_newobj",
            "archive/data.pkl at byte 28: opcode NEWOBJ (0x81) is not allowed (torch.save "
                + "does not write it)"),
        Map.entry("path_absolute",
            "entry name '/etc/passwd' is refused: an absolute path"),
        Map.entry("path_backslash",
            "entry name 'archive\\..\\evil.pkl' is refused: '\\'"),
        Map.entry("path_traversal_dotdot",
            "entry name 'archive/../../etc/cron.d/evil' is refused: a '..' segment"),
        Map.entry("pickle_without_stop",
            "archive/data.pkl at byte 164: truncated: the pickle ends without a STOP opcode"),
        Map.entry("protocol_6",
            "archive/data.pkl at byte 0: pickle protocol 6 is not supported (2 to 5)"),
        Map.entry("rebuild_tensor_bad_arguments",
            "archive/data.pkl at byte 85: _rebuild_tensor_v2 takes (storage, offset, size, "
                + "stride, requires_grad, hooks)"),
        Map.entry("reduce_of_storage_type",
            "archive/data.pkl at byte 23: REDUCE of torch.FloatStorage is not allowed (not a "
                + "function torch files call)"),
        Map.entry("shared_reference_bomb",
            "the list at '" + "0.".repeat(38) + "1' is also at '" + "0.".repeat(38)
                + "0' (a structure holding itself, or shared)"),
        Map.entry("stack_overflow",
            "archive/data.pkl at byte 50002: the stack holds more than 50000 items and marks"),
        Map.entry("storage_declared_twice",
            "archive/data.pkl at byte 205: storage '0' is declared twice, as FloatStorage of "
                + "6 and LongStorage of 3"),
        Map.entry("storage_entry_missing",
            "no entry 'archive/data/0'"),
        Map.entry("storage_location_meta",
            "archive/data.pkl at byte 110: storage location 'meta' is not supported (cpu, "
                + "cuda, cuda:N or mps)"),
        Map.entry("storage_size_mismatch",
            "storage '0' (FloatStorage of 1000 elements) needs 4000 bytes but entry "
                + "'archive/data/0' holds 24"),
        Map.entry("torchscript_archive",
            "a TorchScript archive (torch.jit.save), which holds code that Kiln does not run; "
                + "save its weights with PyTorch: torch.save(torch.jit.load(path).state_dict(), "
                + "path)"),
        Map.entry("truncated_pickle",
            "archive/data.pkl at byte 64: truncated or overlong GLOBAL line"),
        Map.entry("truncated_zip",
            "not a zip archive (no end of central directory record; truncated?)"),
        Map.entry("view_expanded_stride_0",
            "tensor 'w' has 1000000 elements, more than its storage's 1 (an expanded view: "
                + "save it with .contiguous())"),
        Map.entry("view_negative_stride",
            "tensor 'w' has a negative size or stride"),
        Map.entry("view_offset_past_storage",
            "tensor 'w' has an element at index 6, past its storage's 6"),
        Map.entry("view_past_storage",
            "tensor 'w' has an element at index 9, past its storage's 6"),
        Map.entry("zip_bomb_deflate",
            "entry 'archive/data/0' would inflate 4080 bytes to 4194304, a ratio over 100 (a "
                + "zip bomb?)")
  ));

  @BeforeAll
  static void warmUp() throws Exception {
    Files.deleteIfExists(PWNED);
    TorchFiles.load(Path.of("src/test/resources/io/torch/checkpoint.pt")); // loads the classes
    for (String name : MESSAGES.keySet()) {
      assertThrows(TorchFileException.class, () -> TorchFiles.read(file(name)));
    }
  }

  static Stream<Arguments> cases() {
    return MESSAGES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRejectedWithItsMessageAndExecutesNothing(String name, String message) throws Exception {
    Path file = file(name);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    TorchFileException e = assertThrows(TorchFileException.class, () -> TorchFiles.read(file));
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertEquals(file + ": " + message, e.getMessage());
    assertTrue(allocated < ALLOCATION_BUDGET, name + " allocated " + allocated + " bytes");
    assertFalse(Files.exists(PWNED), PWNED + " appeared: something was executed");

    Rng.manualSeed(1);
    Linear model = new Linear(2, 3);
    float[] weight = model.weight().toFloatArray();
    assertThrows(TorchFileException.class, () -> model.loadStateDict(TorchFiles.load(file)));
    assertArrayEquals(weight, model.weight().toFloatArray(), "weight changed");
    TorchFileException inMemory = assertThrows(TorchFileException.class,
        () -> TorchFiles.load(ByteBuffer.wrap(Files.readAllBytes(file))));
    assertEquals("<bytes>: " + message, inMemory.getMessage());
    assertFalse(Files.exists(PWNED), PWNED + " appeared: something was executed");
  }

  @Test
  void corpusIsExactlyTheCasesAboveAndHasAtLeastTwenty() throws Exception {
    try (Stream<Path> files = Files.list(CORPUS)) {
      assertEquals(MESSAGES.keySet(), files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("hostile_"))
          .map(n -> n.substring("hostile_".length(), n.length() - ".pt".length()))
          .collect(Collectors.toCollection(java.util.TreeSet::new)));
    }
    assertTrue(MESSAGES.size() >= 20);
  }

  private static Path file(String name) {
    return CORPUS.resolve("hostile_" + name + ".pt");
  }
}
