package dev.kiln.core.plan;

import java.util.List;

/** A connected group of steps that run as one Beam job on one backend. */
public record Stage(int index, List<String> steps, String backend) {}
