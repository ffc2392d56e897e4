package dev.kiln.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each jar is an automatic module with a stable name, and no two split a package. */
class JarsIT {
  /** The libraries, which this module's dependencies build first. */
  private static final List<String> LIBRARIES = List.of("annotations", "processor", "runtime");
  /** Built before this module in a full reactor; checked when present. */
  private static final List<String> OTHERS = List.of("examples", "spark");

  @Test
  void jarsAreNamedAutomaticModulesWithDisjointPackages() {
    Set<String> packages = new HashSet<>();
    for (String module : LIBRARIES) {
      check(module, packages);
    }
    for (String module : OTHERS) {
      if (Files.isRegularFile(BuildRepository.moduleJar(module))) {
        check(module, packages);
      }
    }
  }

  private static void check(String module, Set<String> packages) {
    Path jar = BuildRepository.moduleJar(module);
    ModuleDescriptor d = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
    assertEquals("dev.kiln." + module, d.name(), jar + ": Automatic-Module-Name");
    assertTrue(d.isAutomatic(), jar.toString());
    for (String p : d.packages()) {
      assertTrue(packages.add(p), p + " is in two jars");
    }
  }
}
