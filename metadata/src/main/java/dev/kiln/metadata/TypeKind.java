package dev.kiln.metadata;

/** The three kinds of type in the ML Metadata model; stored by name in {@code Type.kind}. */
enum TypeKind { ARTIFACT, EXECUTION, CONTEXT }
