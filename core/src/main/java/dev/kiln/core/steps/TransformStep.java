package dev.kiln.core.steps;

import dev.kiln.core.fingerprint.ClassFingerprint;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * {@code transform}: a user's own {@code PTransform<PCollection<Row>, PCollection<Row>>} as a step.
 * It is applied to each split of its input separately, so the output has the same splits. The output
 * must carry a Beam schema; that schema becomes the Avro schema of the artifact.
 *
 * <p>Its implementation fingerprint is a digest of the transform's class bytes (and the user classes it
 * names) and of the instance's serialized form, so editing the code or configuring the instance
 * differently invalidates the cache.
 */
public final class TransformStep extends Step {

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "transform"; }
    @Override public Class<?> configClass() { return Void.class; }
    @Override public Step create(StepSpec spec, Object config) {
      if (spec.className() == null) {
        throw new IllegalArgumentException("key 'class': a transform step needs class: <your PTransform class>");
      }
      return new TransformStep(instantiate(spec.className()));
    }
  };

  private final PTransform<PCollection<Row>, PCollection<Row>> transform;

  public TransformStep(PTransform<PCollection<Row>, PCollection<Row>> transform) {
    this.transform = transform;
  }

  @Override
  public String type() {
    return "transform";
  }

  public String className() {
    return transform.getClass().getName();
  }

  /** The user's transform class, so a failure in its code is reported as this step's. */
  @Override
  public List<Class<?>> codeClasses() {
    return List.of(transform.getClass());
  }

  @Override
  public String implementationFingerprint() {
    return "user:" + className() + ":" + ClassFingerprint.of(transform.getClass()) + ":" + ClassFingerprint.ofInstance(transform);
  }

  @Override
  public List<String> inputPorts() {
    return List.of("examples");
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("examples", inputSplits.get("examples"));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows in = dataset(inputs, "examples");
    Map<String, PCollection<Row>> out = new TreeMap<>();
    Schema schema = null;
    for (Map.Entry<String, PCollection<Row>> split : in.splits().entrySet()) {
      String name = split.getKey().isEmpty() ? context.stepName() : context.name(split.getKey());
      PCollection<Row> result = split.getValue().apply(name, transform);
      if (!result.hasSchema()) {
        throw new dev.kiln.core.spec.StepInputException("transform " + className() + " returned rows without a schema;"
            + " call .setRowSchema(schema) on the PCollection it returns");
      }
      schema = result.getSchema();
      out.put(split.getKey(), result);
    }
    DatasetRows rows = in.isSplit() ? DatasetRows.ofSplits(schema, out) : DatasetRows.of(out.get(DatasetRows.UNSPLIT));
    return Map.of("examples", rows);
  }

  @SuppressWarnings("unchecked")
  static PTransform<PCollection<Row>, PCollection<Row>> instantiate(String className) {
    Class<?> c;
    try {
      c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new IllegalArgumentException("key 'class': class " + className + " is not on the class path;"
          + " build it and put its jar or classes folder on the class path (KILN_CLASSPATH, or kiln run --jar)");
    }
    if (!PTransform.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException("key 'class': " + className + " is not a PTransform<PCollection<Row>, PCollection<Row>>");
    }
    try {
      Constructor<?> ctor = c.getDeclaredConstructor();
      ctor.setAccessible(true);
      return (PTransform<PCollection<Row>, PCollection<Row>>) ctor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("key 'class': " + className + " needs a public no-argument constructor");
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("key 'class': cannot create " + className + ": " + e.getCause());
    }
  }
}
