/**
 * Reading Avro data files written by other tools as Beam Rows: {@link
 * dev.kiln.core.io.avro.AvroFiles}.
 */
package dev.kiln.core.io.avro;
