package dev.kiln.core.step;

import dev.kiln.core.KilnVersion;
import java.util.List;
import java.util.Map;

/**
 * A unit of work with named input and output ports, a config and a version. A step expands into Beam
 * transforms inside the pipeline of the stage it runs in; Kiln writes and commits each output.
 *
 * <p>Steps are created per run from their {@link dev.kiln.core.spec.StepSpec} by a {@link StepType}.
 * A port carries a Dataset ({@link DatasetRows}, which may have splits) or a document of another
 * {@link ArtifactKind} ({@link Document}: statistics, a model, ...). A step declares its ports and
 * their kinds in one {@link Ports} from {@link #ports()} (or overrides {@link #inputPorts},
 * {@link #inputKind}, {@link #outputKind} and {@link #optionalInputPorts} one by one), and the resolver
 * checks that connected ports agree.
 */
public abstract class Step {

  /** The step type, as written in {@code uses:}. */
  public abstract String type();

  /** The version of this step's behaviour; bump it when the same config would give different output. */
  public int version() {
    return 1;
  }

  /**
   * This step's ports and their kinds in one declaration, which the four port methods below read. The
   * default is null: the step overrides those methods instead.
   */
  protected Ports ports() {
    return null;
  }

  /** The names of the input ports, in the order they are documented; from {@link #ports()} unless overridden. */
  public List<String> inputPorts() {
    Ports ports = ports();
    if (ports == null) {
      throw new IllegalStateException("step type '" + type() + "' (" + getClass().getName()
          + ") declares no input ports: override ports() or inputPorts()");
    }
    return ports.inputNames();
  }

  /**
   * The splits of each output port, given the splits of each input port ({@code [""]} for an unsplit
   * dataset, see {@link DatasetRows#UNSPLIT}). Called before anything runs, to check references.
   */
  public abstract Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits);

  /**
   * Whether this step's rows wait, inside the job, for something computed from all of its input: a
   * fitted graph, a label summary, a trained model. On the DirectRunner, the stage such a step runs in
   * reads its sources at once rather than in waves ({@link dev.kiln.core.io.SourceParts}): the waiting
   * rows are held whatever the waves, and each wave makes the runner run the waiting bundles again, which
   * doubled the flights pipeline's time (docs/benchmarks.md). The default is false.
   */
  public boolean rowsWaitForWholeInput() {
    return false;
  }

  /**
   * The classes whose stack frames are this step's code: when a fused stage's job fails, the step whose
   * classes threw is named as the failing one. The default is the step's own class (with its nested
   * classes); a step that runs code of other classes (a user's transform) adds them.
   */
  public List<Class<?>> codeClasses() {
    return List.of(getClass());
  }

  /**
   * What identifies this step's code in a cache key. Built-in steps: the Kiln version, the step type
   * and its version. User steps override it with a digest of their class bytes.
   */
  public String implementationFingerprint() {
    return "kiln-" + KilnVersion.VERSION + "/" + type() + "@" + version();
  }

  /**
   * Input ports that may be left unconnected (for example a baseline to compare with); {@link #expand}
   * then receives no value for them.
   */
  public java.util.Set<String> optionalInputPorts() {
    Ports ports = ports();
    return ports == null ? java.util.Set.of() : ports.optionalInputs();
  }

  /** The artifact kind an input port reads; from {@link #ports()}, else {@link ArtifactKind#DATASET}. */
  public String inputKind(String port) {
    Ports ports = ports();
    return ports == null ? ArtifactKind.DATASET : ports.inputKind(port);
  }

  /**
   * The artifact kind an output port writes; from {@link #ports()}, else {@link ArtifactKind#DATASET}. A
   * document port's entry in {@link #outputSplits} must be {@code [""]}: a document has no splits.
   */
  public String outputKind(String port) {
    Ports ports = ports();
    return ports == null ? ArtifactKind.DATASET : ports.outputKind(port);
  }

  /**
   * The output that a reference naming only this step ({@code in: { examples: data }}) reads when the
   * step has several outputs: a source's rows beside its {@code rejected} rows, for example. Null (the
   * default): such a reference must name the port. A step with one output needs no main output.
   */
  public String mainOutput() {
    return null;
  }

  /** Files outside Kiln that this step reads (source steps); their listing enters the cache key. */
  public List<String> externalInputs() {
    return List.of();
  }

  /**
   * Files outside Kiln that this step reads when they exist (for example the last pushed model, which
   * the first run has not pushed yet). Like {@link #externalInputs}, their listing enters the cache
   * key; unlike them, a pattern that matches nothing is allowed, and the first file to appear reruns
   * the step.
   */
  public List<String> optionalExternalInputs() {
    return List.of();
  }

  /**
   * Folders or files outside Kiln that this step writes (a push destination). They are not part of the
   * cache key; they are named so that a run whose workers are elsewhere (Dataflow) can refuse a local
   * one before any job starts.
   */
  public List<String> externalOutputs() {
    return List.of();
  }

  /**
   * Checks what can be checked before a job starts (files exist, schemas match), throwing a
   * {@link dev.kiln.core.spec.SpecException} with a one-line message. The default checks nothing.
   */
  public void check(StepContext context) {}

  /**
   * Adds this step's transforms to the stage's pipeline and returns each output port's value: a
   * {@link DatasetRows} or a {@link Document} of the port's {@link #outputKind kind}. Use
   * {@link #dataset} and {@link #document} to take inputs.
   */
  public abstract Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs);

  /** The Dataset at input {@code port}. */
  protected static DatasetRows dataset(Map<String, PortValue> inputs, String port) {
    PortValue v = inputs.get(port);
    if (v instanceof DatasetRows rows) {
      return rows;
    }
    throw new IllegalStateException("input '" + port + "' is " + (v == null ? "not connected" : "a " + v.kind()) + ", not a Dataset");
  }

  /** The document at input {@code port}, or null when an optional port is not connected. */
  protected static Document document(Map<String, PortValue> inputs, String port) {
    PortValue v = inputs.get(port);
    if (v == null || v instanceof Document) {
      return (Document) v;
    }
    throw new IllegalStateException("input '" + port + "' is a Dataset, not a document");
  }
}
