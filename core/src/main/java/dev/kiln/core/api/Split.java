package dev.kiln.core.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code split} step: named splits by ratio, decided by a hash of a key column or of the whole row. */
public final class Split {
  private final String key;

  private Split(String key) {
    this.key = key;
  }

  /** Splits by a hash of {@code column}: rows with equal values land in the same split. */
  public static Split byHash(String column) {
    return new Split(column);
  }

  /** Splits by a hash of the whole row. */
  public static Split byRow() {
    return new Split(null);
  }

  /** Names and ratios in pairs: {@code ratios("train", 0.8, "eval", 0.2)}. */
  public StepDefinition ratios(Object... nameRatioPairs) {
    if (nameRatioPairs.length == 0 || nameRatioPairs.length % 2 != 0) {
      throw new IllegalArgumentException("ratios take pairs of split name and ratio");
    }
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    if (key != null) {
      config.put("key", key);
    }
    ObjectNode ratios = config.putObject("ratios");
    for (int i = 0; i < nameRatioPairs.length; i += 2) {
      ratios.put((String) nameRatioPairs[i], ((Number) nameRatioPairs[i + 1]).doubleValue());
    }
    return new StepDefinition("split", null, config, null, null);
  }
}
