package dev.kiln.core.run;

import java.util.Map;

/**
 * How a run ended.
 *
 * @param steps step name to its final state: CACHED, COMPLETE, FAILED or SKIPPED
 * @param executions step name to the id of its execution in this run (0 for a skipped step)
 * @param error the first failure's message, or null
 * @param badInput the failure was caused by the user's input (data or description), not by Kiln
 */
public record RunOutcome(String runName, long runContextId, boolean succeeded, Map<String, String> steps,
    Map<String, Long> executions, String error, boolean badInput, long elapsedMillis) {}
