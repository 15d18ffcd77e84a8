package dev.kiln.core.step;

import dev.kiln.core.KilnVersion;
import java.util.List;
import java.util.Map;

/**
 * A unit of work with named input and output ports, a config and a version. A step expands into Beam
 * transforms inside the pipeline of the stage it runs in; Kiln writes and commits each output.
 *
 * <p>Steps are created per run from their {@link dev.kiln.core.spec.StepSpec} by a {@link StepType}.
 * Every input and output port carries a Dataset ({@link DatasetRows}); a dataset may have splits.
 */
public abstract class Step {

  /** The step type, as written in {@code uses:}. */
  public abstract String type();

  /** The version of this step's behaviour; bump it when the same config would give different output. */
  public int version() {
    return 1;
  }

  /** The names of the input ports, in the order they are documented. */
  public abstract List<String> inputPorts();

  /**
   * The splits of each output port, given the splits of each input port ({@code [""]} for an unsplit
   * dataset, see {@link DatasetRows#UNSPLIT}). Called before anything runs, to check references.
   */
  public abstract Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits);

  /**
   * What identifies this step's code in a cache key. Built-in steps: the Kiln version, the step type
   * and its version. User steps override it with a digest of their class bytes.
   */
  public String implementationFingerprint() {
    return "kiln-" + KilnVersion.VERSION + "/" + type() + "@" + version();
  }

  /** Files outside Kiln that this step reads (source steps); their listing enters the cache key. */
  public List<String> externalInputs() {
    return List.of();
  }

  /**
   * Checks what can be checked before a job starts (files exist, schemas match), throwing a
   * {@link dev.kiln.core.spec.SpecException} with a one-line message. The default checks nothing.
   */
  public void check(StepContext context) {}

  /** Adds this step's transforms to the stage's pipeline and returns each output port's rows. */
  public abstract Map<String, DatasetRows> expand(StepContext context, Map<String, DatasetRows> inputs);
}
