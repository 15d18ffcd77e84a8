package dev.kiln.ml.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;

/**
 * The statistics of one field. Exactly one of {@code numbers}, {@code strings}, {@code booleans} is
 * set, according to {@code kind}; a field of kind {@code other} (bytes, dates, arrays, nested rows)
 * has only the counts.
 *
 * @param name the schema field name
 * @param type the Beam type name of the field (e.g. {@code INT64}, {@code DOUBLE}, {@code STRING},
 *     {@code ARRAY<INT64>})
 * @param kind how the field was summarized
 * @param nullable whether the schema allows null
 * @param count rows with a value
 * @param missing rows with null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureStatistics(
    String name,
    String type,
    FeatureKind kind,
    boolean nullable,
    long count,
    long missing,
    NumericStatistics numbers,
    StringStatistics strings,
    BooleanStatistics booleans)
    implements Serializable {}
