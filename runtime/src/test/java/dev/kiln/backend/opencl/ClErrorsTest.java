package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every core OpenCL status has its own name; a failed check names the call and the status. */
class ClErrorsTest {
  @Test
  void everyCoreStatusHasADistinctName() {
    Set<String> names = new HashSet<>();
    for (int s = 0; s >= -72; s--) {
      if (s > -20 || s <= -30) {
        String name = ClErrors.name(s);
        assertNotEquals("unknown OpenCL status", name, "status " + s);
        assertEquals(true, names.add(name), "duplicate " + name);
      }
    }
    assertEquals("CL_OUT_OF_RESOURCES", ClErrors.name(-5));
    assertEquals("CL_INVALID_WORK_GROUP_SIZE", ClErrors.name(-54));
    assertEquals("CL_PLATFORM_NOT_FOUND_KHR", ClErrors.name(-1001));
    assertEquals("unknown OpenCL status", ClErrors.name(-25));
  }

  @Test
  void aFailedCheckNamesTheCallAndTheStatus() {
    ClException e = assertThrows(ClException.class,
        () -> ClErrors.check(-4, "clCreateBuffer(64 bytes)"));
    assertEquals("clCreateBuffer(64 bytes) failed: CL_MEM_OBJECT_ALLOCATION_FAILURE (-4)",
        e.getMessage());
    assertEquals(-4, e.status());
  }
}
