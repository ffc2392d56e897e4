package dev.kiln.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernel sources: each family's header lists exactly the kernels it defines, which are
 * exactly the {@link ClKernel}s of that family; every kernel builds on the device.
 */
class ClKernelSourcesTest {
  private static final Pattern KERNEL = Pattern.compile("\\bkernel\\s+(?:__attribute__\\(\\(.*?\\)\\)\\s+)?void\\s+(\\w+)", Pattern.DOTALL);

  @Test
  void headersListTheKernelsEachFamilyDefines() throws IOException {
    Set<String> families = new TreeSet<>();
    EnumSet.allOf(ClKernel.class).forEach(k -> families.add(k.family()));
    for (String family : families) {
      String src = read(family);
      String header = src.lines().takeWhile(l -> l.startsWith("//"))
          .reduce("", (a, b) -> a + " " + b.substring(2));
      Matcher listed = Pattern.compile("Kernels?:(.*?)\\.(\\s|$)").matcher(header);
      listed.find();
      Set<String> inHeader = new TreeSet<>(Arrays.asList(listed.group(1).trim().split("[,\\s]+")));
      Set<String> defined = new TreeSet<>();
      Matcher m = KERNEL.matcher(src);
      while (m.find()) {
        defined.add(m.group(1));
      }
      Set<String> declared = new TreeSet<>();
      EnumSet.allOf(ClKernel.class).stream().filter(k -> k.family().equals(family))
          .forEach(k -> declared.add(k.kernelName()));
      assertEquals(defined, inHeader, family + ".cl header");
      assertEquals(declared, defined, family + ".cl kernels vs ClKernel");
    }
  }

  @Test
  void everyKernelBuildsOnTheDevice() {
    ClDevice cl = (ClDevice) OpenClSupport.device();
    for (ClKernel k : ClKernel.values()) {
      assertNotEquals(0L, cl.programs().kernel(k), k.kernelName());
    }
  }

  private static String read(String family) throws IOException {
    try (InputStream in = ClPrograms.class.getResourceAsStream(family + ".cl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
