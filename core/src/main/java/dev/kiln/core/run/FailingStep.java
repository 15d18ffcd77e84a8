package dev.kiln.core.run;

import dev.kiln.core.step.ResolvedPipeline;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which step of a fused stage threw. A Beam job reports one error for the whole job, and runners name
 * transforms differently (or not at all), but the user's exception keeps the stack frames of the code
 * that threw, and those frames belong to a step's classes ({@link dev.kiln.core.step.Step#codeClasses}:
 * a transform step's own PTransform class, a built-in step's class and its nested classes). The frames
 * are read from the deepest cause out, innermost frame first, so a helper class the user's code calls
 * leads to the user's class that called it; only when no frame is any step's class are the classes'
 * packages tried (a built-in step's helpers live beside it). Wrapping each step's DoFns to tag their exceptions is not
 * possible in general (a step's expand is the user's own composite), hence the frames.
 */
final class FailingStep {
  private FailingStep() {}

  /**
   * The steps of {@code steps} whose code is the innermost frame of {@code error} that belongs to any
   * of them (several when they share a class), in stage order; empty when no frame is theirs.
   */
  static List<String> of(Throwable error, ResolvedPipeline pipeline, List<String> steps) {
    if (error == null) {
      return List.of();
    }
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      chain.add(0, t);
    }
    List<String> owners = owners(chain, pipeline, steps, false);
    // Second, the packages of those classes: a built-in step's helpers (its trainer, its combiner)
    // live beside it. Several steps of one package all match, and the first that did not commit is named.
    return owners.isEmpty() ? owners(chain, pipeline, steps, true) : owners;
  }

  private static List<String> owners(List<Throwable> chain, ResolvedPipeline pipeline, List<String> steps, boolean byPackage) {
    for (Throwable t : chain) {
      for (StackTraceElement frame : t.getStackTrace()) {
        Set<String> owners = new LinkedHashSet<>();
        for (String step : steps) {
          for (Class<?> c : pipeline.step(step).codeClasses()) {
            if (byPackage ? inPackageOf(frame.getClassName(), c) : belongsTo(frame.getClassName(), c.getName())) {
              owners.add(step);
            }
          }
        }
        if (!owners.isEmpty()) {
          return List.copyOf(owners);
        }
      }
    }
    return List.of();
  }

  /** The frame's class is in the package of {@code c} or below it (not Beam's or the JDK's own). */
  private static boolean inPackageOf(String frameClass, Class<?> c) {
    String pkg = c.getPackageName();
    return !pkg.isEmpty() && !pkg.startsWith("java.") && !pkg.startsWith("org.apache.beam") && frameClass.startsWith(pkg + ".");
  }

  /** The class itself, its nested and anonymous classes, and the JVM's classes for its lambdas. */
  private static boolean belongsTo(String frameClass, String className) {
    return frameClass.equals(className) || frameClass.startsWith(className + "$");
  }
}
