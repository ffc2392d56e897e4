package dev.kiln.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a project from the archetype, as a user would, into a temporary directory; builds it
 * offline ({@code mvn -o verify}) against the artifacts this build just made; runs its training
 * main ({@code mvn -o exec:java}); then breaks its model and expects the shape error on the line
 * of the call.
 */
class GeneratedProjectIT {
  @TempDir Path dir;

  @Test
  void generateBuildTrainAndBreak() throws Exception {
    BuildRepository repo = BuildRepository.install();
    BuildRepository.Run generate = repo.mvn(dir, BuildRepository.ARCHETYPE_PLUGIN + ":generate",
        "-DarchetypeGroupId=dev.kiln", "-DarchetypeArtifactId=kiln-archetype",
        "-DarchetypeVersion=" + BuildRepository.VERSION, "-DgroupId=com.example",
        "-DartifactId=hello-kiln", "-Dpackage=com.example.hello", "-DinteractiveMode=false");
    assertEquals(0, generate.status(), "archetype:generate failed:\n" + generate.tail());
    Path project = dir.resolve("hello-kiln");
    for (String f : List.of("pom.xml", "README.md", ".gitignore", ".mvn/jvm.config",
        "src/main/java/com/example/hello/Mlp.java", "src/main/java/com/example/hello/Train.java",
        "src/test/java/com/example/hello/MlpTest.java")) {
      assertTrue(Files.isRegularFile(project.resolve(f)), f + " was not generated");
    }

    // The project's POM compiles its main sources with -Xlint:all -Werror.
    String pom = Files.readString(project.resolve("pom.xml"));
    assertTrue(pom.contains("<arg>-Xlint:all</arg>") && pom.contains("<arg>-Werror</arg>"), pom);
    BuildRepository.Run verify = repo.mvn(project, "verify");
    assertEquals(0, verify.status(), "mvn -o verify failed:\n" + verify.tail());
    assertTrue(verify.output().contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0"),
        verify.tail());
    assertTrue(Files.isRegularFile(project.resolve(
        "target/generated-sources/annotations/com/example/hello/KilnMlp.java")));
    String report = Files.readString(project.resolve(
        "target/surefire-reports/TEST-com.example.hello.MlpTest.xml"));
    Matcher cp = Pattern.compile("name=\"surefire.test.class.path\" value=\"([^\"]*)\"")
        .matcher(report);
    assertTrue(cp.find(), "the surefire report names no class path");
    assertTrue(cp.group(1).contains("kiln-runtime-"), cp.group(1));
    for (String processorOnly : List.of("javapoet", "auto-service", "kiln-processor")) {
      assertFalse(cp.group(1).contains(processorOnly),
          processorOnly + " is on the project's class path: " + cp.group(1));
    }

    BuildRepository.Run train = repo.mvn(project, "-q", "exec:java");
    assertEquals(0, train.status(), "mvn -o exec:java failed:\n" + train.tail());
    assertTrue(train.output().contains("the reloaded model gives the same outputs"), train.tail());
    assertTrue(Files.isRegularFile(project.resolve("target/mlp.safetensors")));
    assertFalse(train.output().contains("plain-Java CPU kernels"),
        ".mvn/jvm.config did not give exec:java the vector module:\n" + train.tail());

    // A shape error: fc2 now expects 8 features where h has 16.
    Path model = project.resolve("src/main/java/com/example/hello/Mlp.java");
    List<String> lines = Files.readAllLines(model);
    String source = String.join("\n", lines);
    assertTrue(source.contains("new Linear(16, 16)"));
    Files.writeString(model, source.replace("new Linear(16, 16)", "new Linear(8, 16)"));
    int call = 1 + lines.indexOf("    h = relu(fc2.apply(h)).add(h);");
    int declaration = 1 + lines.indexOf("  @Layer final Linear fc2 = new Linear(16, 16);");
    assertTrue(call > 0 && declaration > 0, "the model has changed:\n" + source);
    BuildRepository.Run broken = repo.mvn(project, "-q", "compile");
    assertTrue(broken.status() != 0, "the broken model compiled:\n" + broken.tail());
    Pattern error = Pattern.compile(Pattern.quote("Mlp.java:[" + call + ",") + "\\d+"
        + Pattern.quote("] [kiln.shape] fc2 = Linear(8, 16) (line " + declaration
            + ") expects input (*, 8) but h has shape (B, 16)"));
    assertTrue(error.matcher(broken.output()).find(),
        "expected the shape error on line " + call + ":\n" + broken.tail());
  }
}
