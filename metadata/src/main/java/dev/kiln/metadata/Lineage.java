package dev.kiln.metadata;

import java.util.List;

/**
 * A lineage graph around one artifact: the artifacts and executions reached, and the events
 * that connect them. Render it as a tree from {@link #root()}.
 */
public record Lineage(long root, Direction direction, List<Artifact> artifacts, List<Execution> executions, List<Event> events) {
  public enum Direction { UPSTREAM, DOWNSTREAM }
}
