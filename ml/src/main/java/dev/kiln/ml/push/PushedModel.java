package dev.kiln.ml.push;

/**
 * One model version in a push destination.
 *
 * @param version the version folder's name, e.g. {@code 000003}
 * @param number the version as a number (versions are ordered by it)
 * @param uri the model file, {@code <destination>/<version>/model.json}
 */
public record PushedModel(String version, long number, String uri) {}
