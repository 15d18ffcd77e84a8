package dev.kiln.runners;

import dev.kiln.core.run.Backend;
import dev.kiln.core.spec.SpecException;

/** Finds a backend by the name a user gives ({@code --runner}). */
public final class Backends {
  private Backends() {}

  public static Backend named(String name) {
    return switch (name) {
      case "direct" -> DirectBackend.forRuns();
      case "dataflow" -> throw new SpecException("the dataflow runner is made from its options"
          + " (--project, --region, --temp-location ...): use DataflowBackend with DataflowSettings");
      default -> throw new SpecException("unknown runner '" + name + "'; this build of Kiln runs on: direct, dataflow");
    };
  }
}
