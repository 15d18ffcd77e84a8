/**
 * Reading Avro data files written by other tools as Beam Rows: {@link
 * dev.kiln.core.io.avro.AvroFiles}. Records become Rows through {@link
 * dev.kiln.core.io.avro.AvroRowConverter} (a plan per Avro schema instead of Beam's per-record
 * look-ups); {@link dev.kiln.core.io.avro.AvroFileRows} hands the Rows of whole files to a consumer
 * inside a DoFn.
 */
package dev.kiln.core.io.avro;
