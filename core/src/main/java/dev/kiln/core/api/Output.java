package dev.kiln.core.api;

import dev.kiln.core.spec.InputRef;

/** A step's output (optionally one split of it) that another step reads. */
public interface Output {
  InputRef ref();
}
