package dev.kiln.core.plan;

import java.util.Map;

/**
 * The planner's decision for one step.
 *
 * @param cacheKey the full cache key, or null while an input is not yet known
 * @param partialKey the cache key without the input fingerprints
 * @param inputFingerprints port to fingerprint of the artifact read, for inputs already known
 * @param external fingerprint of the external files a source step reads, or null
 * @param cachedFrom the execution whose outputs are reused (CACHED only), else 0
 * @param outputs port to the reused artifacts (CACHED only), else empty
 */
public record StepPlan(
    String step,
    Decision decision,
    String reason,
    String cacheKey,
    String partialKey,
    Map<String, String> inputFingerprints,
    String external,
    long cachedFrom,
    Map<String, OutputArtifact> outputs) {}
