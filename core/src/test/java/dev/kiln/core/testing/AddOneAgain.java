package dev.kiln.core.testing;

/** The same behaviour as {@link AddOne} in other class bytes: stands for an edited user step. */
public class AddOneAgain extends AddOne {
  private static final String EDITED = "edited";
}
