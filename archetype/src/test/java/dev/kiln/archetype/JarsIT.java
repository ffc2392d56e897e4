package dev.kiln.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each library jar is an automatic module with a stable name, and no two split a package. */
class JarsIT {
  @Test
  void libraryJarsAreNamedAutomaticModulesWithDisjointPackages() {
    Map<String, String> names = Map.of("annotations", "dev.kiln.annotations",
        "processor", "dev.kiln.processor", "runtime", "dev.kiln.runtime");
    Set<String> packages = new HashSet<>();
    names.forEach((module, name) -> {
      Path jar = BuildRepository.moduleJar(module);
      ModuleDescriptor d = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
      assertEquals(name, d.name(), jar + ": Automatic-Module-Name");
      assertTrue(d.isAutomatic(), jar.toString());
      for (String p : d.packages()) {
        assertTrue(packages.add(p), p + " is split between two jars");
      }
    });
  }
}
