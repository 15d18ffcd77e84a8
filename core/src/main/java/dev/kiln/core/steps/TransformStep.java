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
 * <p>Settings: a transform class with a public constructor taking one record takes that record as its
 * config. YAML's {@code with:} is read into the record (unknown keys and wrong types are errors, as for
 * built-in steps) and passed to the constructor; the Java API ({@link dev.kiln.core.api.Steps#transform})
 * records a {@link dev.kiln.core.api.HasConfig} transform's config in the spec the same way. So the spec
 * stored with a run recreates the transform, and {@code kiln plan} names a changed setting.
 *
 * <p>Its implementation fingerprint is a digest of the transform's class bytes (and the user classes it
 * names); for a transform without a config record also of the instance's serialized form, so editing
 * the code or configuring the instance differently invalidates the cache.
 */
public final class TransformStep extends Step {

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "transform"; }
    @Override public Class<?> configClass() { return Void.class; }

    /** The record the class's one-record constructor takes, else Void (then {@code with:} is refused). */
    @Override public Class<?> configClass(StepSpec spec) {
      if (spec.className() == null) {
        return Void.class; // create() says what is missing
      }
      Class<? extends Record> config = configRecord(load(spec.className()));
      if (config == null && spec.config() != null && spec.config().size() > 0) {
        throw new IllegalArgumentException("key 'with': " + spec.className() + " takes no settings; give it a public"
            + " constructor taking one config record (public MyTransform(MySettings settings)) to read with: into");
      }
      return config == null ? Void.class : config;
    }

    @Override public Step create(StepSpec spec, Object config) {
      if (spec.className() == null) {
        throw new IllegalArgumentException("key 'class': a transform step needs class: <your PTransform class>");
      }
      Record settings = (Record) config;
      return new TransformStep(instantiate(spec.className(), settings), settings);
    }
  };

  private final PTransform<PCollection<Row>, PCollection<Row>> transform;
  /** The settings the transform was made from (its config record), or null for a transform without one. */
  private final Record config;

  /** A transform whose settings, if any, are only in the instance (its digest enters the cache key). */
  public TransformStep(PTransform<PCollection<Row>, PCollection<Row>> transform) {
    this(transform, null);
  }

  /**
   * A transform made from a config record ({@code new T(config)}): the config is in the spec, so the
   * instance is fully described by its class and the config, and the config alone enters the cache key.
   */
  public TransformStep(PTransform<PCollection<Row>, PCollection<Row>> transform, Record config) {
    this.transform = transform;
    this.config = config;
  }

  /** The config record the transform was made from, or null. */
  public Record config() {
    return config;
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
    String code = "user:" + className() + ":" + ClassFingerprint.of(transform.getClass());
    // With a config record the instance is new T(config) and the config is in the spec (and the key)
    // on its own, so a changed setting is reported as "config changed: <setting>", not "code changed".
    return config != null ? code : code + ":" + ClassFingerprint.ofInstance(transform);
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

  /** Creates the transform: {@code new T(config)} with a config record, else {@code new T()}. */
  @SuppressWarnings("unchecked")
  public static PTransform<PCollection<Row>, PCollection<Row>> instantiate(String className, Record config) {
    Class<?> c = load(className);
    try {
      Constructor<?> ctor = config != null ? c.getDeclaredConstructor(config.getClass()) : c.getDeclaredConstructor();
      ctor.setAccessible(true);
      return (PTransform<PCollection<Row>, PCollection<Row>>) ctor.newInstance(config == null ? new Object[0] : new Object[] {config});
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("key 'class': " + className + " needs a public no-argument constructor,"
          + " or one taking a config record");
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException("key 'with': " + className + " refused its settings: " + cause.getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("key 'class': cannot create " + className + ": " + e);
    }
  }

  /**
   * The config record of a transform class: the parameter type of its public constructor that takes
   * exactly one record, or null when it has none. Two such constructors are ambiguous and refused.
   */
  @SuppressWarnings("unchecked")
  public static Class<? extends Record> configRecord(Class<?> transformClass) {
    Class<? extends Record> found = null;
    for (Constructor<?> ctor : transformClass.getConstructors()) {
      Class<?>[] params = ctor.getParameterTypes();
      if (params.length == 1 && params[0].isRecord()) {
        if (found != null) {
          throw new IllegalArgumentException("key 'class': " + transformClass.getName() + " has two constructors taking a"
              + " config record (" + found.getSimpleName() + ", " + params[0].getSimpleName() + "); keep one");
        }
        found = (Class<? extends Record>) params[0];
      }
    }
    if (found != null && !java.io.Serializable.class.isAssignableFrom(found)) {
      throw new IllegalArgumentException("key 'class': " + transformClass.getName() + "'s config record " + found.getSimpleName()
          + " must implement java.io.Serializable: Beam serializes the transform, and the transform holds its config");
    }
    return found;
  }

  static Class<?> load(String className) {
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
    return c;
  }
}
