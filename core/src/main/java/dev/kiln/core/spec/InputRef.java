package dev.kiln.core.spec;

import java.util.Objects;

/**
 * A reference to another step's output as written in a pipeline: {@code step}, {@code step.port},
 * {@code step.split} or {@code step.port.split}. After validation, {@link #port()} is always set and
 * {@link #split()} is null when the whole dataset (all its splits) is meant.
 */
public record InputRef(String step, String port, String split) {

  public InputRef {
    Objects.requireNonNull(step, "step");
  }

  /** Parses the written form; the port and split are resolved later against the producing step. */
  public static InputRef parse(String text) {
    String[] parts = text.trim().split("\\.", -1);
    for (String p : parts) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("'" + text + "' is not a reference; write step, step.port or step.port.split");
      }
    }
    return switch (parts.length) {
      case 1 -> new InputRef(parts[0], null, null);
      case 2 -> new InputRef(parts[0], parts[1], null); // port or split: resolved later
      case 3 -> new InputRef(parts[0], parts[1], parts[2]);
      default -> throw new IllegalArgumentException("'" + text + "' has too many parts; write step, step.port or step.port.split");
    };
  }

  /** The canonical written form: {@code step.port} or {@code step.port.split}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(step);
    if (port != null) {
      sb.append('.').append(port);
    }
    if (split != null) {
      sb.append('.').append(split);
    }
    return sb.toString();
  }
}
