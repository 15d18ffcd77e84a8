package dev.kiln.core.plan;

import java.util.List;

/**
 * Steps that run together as one Beam job, on one backend.
 *
 * @param index 1-based, in the order the stages of one wave were planned
 * @param steps the steps, in topological order
 * @param backend the backend the steps name, or {@link #DEFAULT_BACKEND} for the run's default
 */
public record Stage(int index, List<String> steps, String backend) {
  /** The backend of steps that name none: the run's. */
  public static final String DEFAULT_BACKEND = "default";
}
