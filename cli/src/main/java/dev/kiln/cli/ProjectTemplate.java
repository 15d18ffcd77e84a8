package dev.kiln.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The Maven project {@code kiln new} writes: a pom on Kiln's BOM, a pipeline in YAML and the same in Java,
 * a step type and a Beam transform of the project's own, a unit test on {@code KilnTestProject}, sample
 * data and a README. The files are templates under {@code dev/kiln/cli/template/} in which
 * {@code __NAME__}-style tokens are replaced; {@code ${...}} is left alone for Maven.
 *
 * <p>Example of use: {@code ProjectTemplate.named("tips", "com.example").writeTo(Path.of("tips"))}.
 */
final class ProjectTemplate {
  /**
   * The plugin versions of Kiln's own build (root pom, pluginManagement): a new project builds with
   * exactly the plugins Kiln's build has already fetched, so it builds offline where Kiln did.
   * {@code NewCommandTest} checks them against the root pom.
   */
  static final Map<String, String> PLUGIN_VERSIONS = Map.of(
      "maven-compiler-plugin", "3.13.0",
      "maven-surefire-plugin", "3.5.2",
      "maven-jar-plugin", "3.4.2");

  private static final Pattern ARTIFACT_ID = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern TOKEN = Pattern.compile("__[A-Z][A-Z_]*__");
  private static final Pattern GROUP_ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  private final String artifactId;
  private final String groupId;
  private final String javaPackage;
  private final String classPrefix;

  private ProjectTemplate(String artifactId, String groupId) {
    this.artifactId = artifactId;
    this.groupId = groupId;
    this.javaPackage = groupId + "." + artifactId.replace("-", "");
    this.classPrefix = camelCase(artifactId);
  }

  /**
   * A project whose artifactId is {@code name} and whose Java package is {@code groupId.name} (without dashes).
   *
   * @throws UserError naming the argument and what it may hold
   */
  static ProjectTemplate named(String name, String groupId) {
    if (!ARTIFACT_ID.matcher(name).matches()) {
      throw new UserError("kiln new " + name + ": a project name is lower-case letters, digits and dashes,"
          + " starting with a letter (it becomes the Maven artifactId and the Java package), e.g. kiln new taxi-tips");
    }
    if (!GROUP_ID.matcher(groupId).matches()) {
      throw new UserError("kiln new --group-id " + groupId + ": a groupId is lower-case dotted names, e.g. com.example");
    }
    return new ProjectTemplate(name, groupId);
  }

  String artifactId() {
    return artifactId;
  }

  String javaPackage() {
    return javaPackage;
  }

  /** The name the Java classes of the project start with ({@code taxi-tips} → {@code TaxiTips}). */
  String classPrefix() {
    return classPrefix;
  }

  /** Template resource → path in the new project. */
  Map<String, String> files() {
    String src = "src/main/java/" + javaPackage.replace('.', '/') + "/";
    String test = "src/test/java/" + javaPackage.replace('.', '/') + "/";
    Map<String, String> out = new LinkedHashMap<>();
    out.put("pom.xml.tmpl", "pom.xml");
    out.put("README.md.tmpl", "README.md");
    out.put("gitignore.tmpl", ".gitignore");
    out.put("trips.csv.tmpl", "data/trips.csv");
    out.put("pipeline.yaml.tmpl", "pipelines/" + artifactId + ".yaml");
    out.put("Pipeline.java.tmpl", src + classPrefix + "Pipeline.java");
    out.put("ClipStep.java.tmpl", src + "ClipStep.java");
    out.put("LabelBigTips.java.tmpl", src + "LabelBigTips.java");
    out.put("StepType.services.tmpl", "src/main/resources/META-INF/services/dev.kiln.core.step.StepType");
    out.put("PipelineTest.java.tmpl", test + classPrefix + "PipelineTest.java");
    out.put("simplelogger.properties.tmpl", "src/test/resources/simplelogger.properties");
    return out;
  }

  /**
   * Writes the project into {@code dir}, which must not exist or be empty.
   *
   * @return the files written, relative to {@code dir}
   * @throws UserError when {@code dir} holds anything
   */
  List<String> writeTo(Path dir) {
    try {
      if (Files.exists(dir) && (!Files.isDirectory(dir) || isNotEmpty(dir))) {
        throw new UserError("kiln new " + artifactId + ": " + dir.toAbsolutePath().normalize()
            + " already exists and is not an empty folder; choose another name or remove it");
      }
      List<String> written = new ArrayList<>();
      for (Map.Entry<String, String> f : files().entrySet()) {
        Path target = dir.resolve(f.getValue());
        Files.createDirectories(target.getParent());
        Files.writeString(target, render(template(f.getKey())));
        written.add(f.getValue());
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the new project in " + dir + ": " + e.getMessage(), e);
    }
  }

  String render(String template) {
    String out = template
        .replace("__ARTIFACT__", artifactId)
        .replace("__GROUP__", groupId)
        .replace("__PACKAGE_PATH__", javaPackage.replace('.', '/'))
        .replace("__PACKAGE__", javaPackage)
        .replace("__CLASS__", classPrefix)
        .replace("__KILN_VERSION__", mavenVersion())
        .replace("__COMPILER_PLUGIN__", PLUGIN_VERSIONS.get("maven-compiler-plugin"))
        .replace("__SUREFIRE_PLUGIN__", PLUGIN_VERSIONS.get("maven-surefire-plugin"))
        .replace("__JAR_PLUGIN__", PLUGIN_VERSIONS.get("maven-jar-plugin"));
    java.util.regex.Matcher left = TOKEN.matcher(out);
    if (left.find()) {
      throw new IllegalStateException("template token left unreplaced: " + left.group());
    }
    return out;
  }

  /** The Maven version of this Kiln build (0.1.0-SNAPSHOT ...): what the new project's pom depends on. */
  static String mavenVersion() {
    try (InputStream in = ProjectTemplate.class.getResourceAsStream("kiln-build.properties")) {
      if (in == null) {
        throw new IllegalStateException("kiln-build.properties is missing from Kiln's jar; rebuild it with mvn package");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("kiln.mavenVersion", "");
      if (v.isBlank() || v.contains("${")) {
        throw new IllegalStateException("kiln-build.properties was not filled in by the build (" + v + "); rebuild with mvn package");
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String template(String name) throws IOException {
    try (InputStream in = ProjectTemplate.class.getResourceAsStream("template/" + name)) {
      if (in == null) {
        throw new IllegalStateException("template " + name + " is missing from Kiln's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static boolean isNotEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }

  private static String camelCase(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("-")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }
}
