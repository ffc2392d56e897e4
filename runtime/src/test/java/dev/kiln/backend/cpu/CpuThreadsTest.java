package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuThreadsTest {
  @Test
  void propertyValues() {
    assertEquals(Runtime.getRuntime().availableProcessors(), CpuThreads.parse(null));
    assertEquals(3, CpuThreads.parse(" 3 "));
    for (String bad : new String[] {"0", "-2", "two", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CpuThreads.parse(bad));
      assertEquals("-Dkiln.threads=" + bad + ": expected a positive integer number of threads",
          e.getMessage());
    }
  }

  @Test
  void setRejectsLessThanOne() {
    int before = CpuThreads.get();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CpuThreads.set(0));
    assertEquals("thread count must be at least 1, got 0", e.getMessage());
    assertEquals(before, CpuThreads.get());
  }
}
