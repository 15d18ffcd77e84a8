package dev.kiln.runners.flink;

/**
 * What a Flink cluster's REST endpoint reports at {@code GET /overview}.
 *
 * @param flinkVersion e.g. {@code 1.19.0}
 * @param taskManagers registered TaskManagers
 * @param slotsTotal task slots over all TaskManagers
 * @param slotsAvailable slots not taken by running jobs
 */
public record ClusterOverview(String flinkVersion, int taskManagers, int slotsTotal, int slotsAvailable) {}
