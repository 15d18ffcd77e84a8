package dev.kiln.core.step;

import dev.kiln.core.spec.StepSpec;

/**
 * Creates steps of one type from their spec. {@link #configClass()} is the record the {@code with:}
 * block is read into: unknown keys and wrong types are errors, and the record's defaults make the
 * normalized config that enters the cache key.
 */
public interface StepType {
  /** The name written in {@code uses:}. */
  String name();

  /** The config record; {@code Void.class} when the step takes no config. */
  Class<?> configClass();

  /**
   * The config record of one step instance. Most types have one record for all their steps; a type
   * whose settings depend on the step (a {@code transform} reads its class's own config record)
   * overrides this. Errors (a class that cannot be loaded) are {@link IllegalArgumentException}s
   * naming the key.
   */
  default Class<?> configClass(StepSpec spec) {
    return configClass();
  }

  /** Creates the step; {@code config} is an instance of {@link #configClass()} (or null for Void). */
  Step create(StepSpec spec, Object config);
}
