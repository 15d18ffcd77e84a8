/**
 * The Schema artifact and the {@code schema} step.
 *
 * <p>{@link dev.kiln.ml.schema.DataSchema} lists per feature its type, whether it is required, the
 * allowed string values (domain) and the allowed numeric range; {@link dev.kiln.ml.schema.SchemaJson}
 * reads and writes it, with one-line errors for hand-written files. {@link
 * dev.kiln.ml.schema.SchemaInference} infers one from the statistics of a split; {@link
 * dev.kiln.ml.schema.SchemaStep} ({@code uses: schema}) infers it or emits a pinned file.
 */
package dev.kiln.ml.schema;
