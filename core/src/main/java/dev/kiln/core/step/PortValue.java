package dev.kiln.core.step;

import java.util.List;
import org.apache.beam.sdk.values.PCollection;

/**
 * What flows through a port inside one Beam pipeline: the rows of a Dataset ({@link DatasetRows}) or
 * one document ({@link Document}: statistics, a schema, a model, ...). Kiln writes and commits each
 * output port's value as one artifact of the port's {@link ArtifactKind kind}.
 */
public sealed interface PortValue permits DatasetRows, Document {

  /** The artifact kind this value is committed as ({@link ArtifactKind#DATASET} for rows). */
  String kind();

  /** PCollections that must be complete before the artifact may be committed (checks that fail the job). */
  List<PCollection<?>> commitAfter();
}
