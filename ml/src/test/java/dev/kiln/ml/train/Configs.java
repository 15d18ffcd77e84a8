package dev.kiln.ml.train;

import dev.kiln.core.spec.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;

/** Train configs and setups from key-value pairs, read the way the YAML {@code with:} block is. */
final class Configs {
  private Configs() {}

  static TrainConfig config(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    try {
      return CanonicalJson.MAPPER.convertValue(m, TrainConfig.class);
    } catch (IllegalArgumentException e) {
      // Jackson wraps the record constructor's exception; surface the config's own message
      Throwable t = e;
      while (t.getCause() != null) {
        t = t.getCause();
      }
      throw t instanceof IllegalArgumentException iae ? iae : e;
    }
  }

  static TrainingSetup setup(Schema schema, Object... keyValues) {
    return TrainingSetup.resolve(config(keyValues), schema);
  }
}
