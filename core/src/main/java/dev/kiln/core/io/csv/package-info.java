/**
 * Reading users' CSV files as Beam Rows: {@link dev.kiln.core.io.csv.CsvRead} (rows, rejected
 * rows and a check that fails the job when too many rows are rejected), {@link
 * dev.kiln.core.io.csv.CsvSchemaInference} and {@link dev.kiln.core.io.csv.CsvOptions}.
 */
package dev.kiln.core.io.csv;
