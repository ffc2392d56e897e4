package dev.kiln.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.kiln.processor.codegen.ModelWriter;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.parse.Kinds;
import dev.kiln.processor.parse.ModelDecl;
import dev.kiln.processor.parse.ModelParser;
import dev.kiln.processor.parse.Names;
import dev.kiln.processor.shape.ModelChecker;
import dev.kiln.processor.shape.Signature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Compiles every {@code @Model} class: parse, shape-check, lower to IR, generate
 * {@code Kiln<Model>}. A class with errors gets diagnostics and no generated code.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes("dev.kiln.Model")
public final class KilnProcessor extends AbstractProcessor {
  private Trees trees;
  private Kinds kinds;
  private final Map<TypeElement, Signature> signatures = new HashMap<>();
  private final Set<TypeElement> inProgress = new HashSet<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    trees = Trees.instance(env);
    kinds = new Kinds(env.getElementUtils(), env.getTypeUtils());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element e : round.getElementsAnnotatedWith(processingEnv.getElementUtils()
        .getTypeElement("dev.kiln.Model"))) {
      if (e instanceof TypeElement type && !signatures.containsKey(type)) {
        compile(type);
      }
    }
    return true;
  }

  /** Compiles {@code type} (once) and returns its signature, or null if it has errors. */
  private Signature compile(TypeElement type) {
    if (signatures.containsKey(type) || !inProgress.add(type)) {
      return signatures.get(type);
    }
    TreePath path = trees.getPath(type);
    if (path == null) {
      return null;
    }
    Reporter report = new Reporter(trees, processingEnv.getMessager(), path.getCompilationUnit());
    try {
      Names names = new Names(processingEnv.getElementUtils(), path.getCompilationUnit(), type);
      ModelDecl decl = new ModelParser(trees, kinds, report).parse(type, names);
      if (decl == null) {
        return null;
      }
      String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
      ModelChecker.Result r = new ModelChecker(report, this::compile).check(decl, pkg);
      if (r == null) {
        return null;
      }
      write(r.ir(), type);
      signatures.put(type, r.signature());
      return r.signature();
    } catch (RuntimeException | IOException ex) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Code.INTERNAL.tag()
          + " Kiln failed on " + type.getSimpleName() + "; please report this bug with the"
          + " model's source:\n" + trace, type);
      return null;
    }
  }

  private void write(ModelIr ir, TypeElement origin) throws IOException {
    ModelWriter.write(ir, KilnProcessor.class.getName(), origin).writeTo(processingEnv.getFiler());
  }
}
