package dev.kiln.metadata;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks the event graph breadth-first, one level (artifacts → executions → artifacts) at a time,
 * with one batched query per half-step instead of one query per node.
 *
 * <p>Upstream, an artifact leads to the executions that OUTPUT it and those lead to the artifacts
 * they took as INPUT; downstream it is the reverse. Nodes already seen are not expanded again,
 * so a diamond is reported once and a (malformed) cycle terminates.
 */
final class LineageWalker {
  private final ArtifactTable artifacts;
  private final ExecutionTable executions;
  private final EventTable events;

  LineageWalker(ArtifactTable artifacts, ExecutionTable executions, EventTable events) {
    this.artifacts = artifacts;
    this.executions = executions;
    this.events = events;
  }

  Lineage walk(DbConnection c, long rootArtifactId, Lineage.Direction direction, int maxDepth) throws SQLException {
    if (maxDepth < 0) {
      throw new IllegalArgumentException("lineage depth must be >= 0, not " + maxDepth);
    }
    if (artifacts.byId(c, rootArtifactId).isEmpty()) {
      throw new MetadataStoreException("no artifact with id " + rootArtifactId + " to trace lineage from");
    }
    boolean up = direction == Lineage.Direction.UPSTREAM;
    Event.Type intoExecution = up ? Event.Type.OUTPUT : Event.Type.INPUT;
    Event.Type outOfExecution = up ? Event.Type.INPUT : Event.Type.OUTPUT;

    Set<Long> artifactIds = new LinkedHashSet<>(List.of(rootArtifactId));
    Set<Long> executionIds = new LinkedHashSet<>();
    List<Event> edges = new ArrayList<>();
    Set<Long> frontier = Set.of(rootArtifactId);
    for (int depth = 0; depth < maxDepth && !frontier.isEmpty(); depth++) {
      Set<Long> newExecutions = new LinkedHashSet<>();
      for (Event e : events.byArtifacts(c, frontier, intoExecution)) {
        edges.add(e);
        if (executionIds.add(e.executionId())) {
          newExecutions.add(e.executionId());
        }
      }
      Set<Long> newArtifacts = new LinkedHashSet<>();
      if (!newExecutions.isEmpty()) {
        for (Event e : events.byExecutions(c, newExecutions, outOfExecution)) {
          edges.add(e);
          if (artifactIds.add(e.artifactId())) {
            newArtifacts.add(e.artifactId());
          }
        }
      }
      frontier = newArtifacts;
    }
    return new Lineage(rootArtifactId, direction,
        artifacts.byIds(c, List.copyOf(artifactIds)),
        executions.byIds(c, List.copyOf(executionIds)),
        List.copyOf(edges));
  }
}
