package dev.kiln.serving;

import java.util.Optional;

/**
 * Where a served model's versions come from: a serving (or push) folder, whose live version may
 * change while the server runs, or one fixed Model document (an artifact).
 */
public interface ModelSource {
  /** The name clients call the model by. */
  String name();

  /**
   * The live version now, loaded anew only when it differs from {@code current}; empty when the source
   * holds no version yet.
   *
   * @param current the version served until now, or null
   * @throws RuntimeException when the live version cannot be read or is not a Model document (the
   *     caller keeps serving {@code current})
   */
  Optional<ServedModel> live(ServedModel current);

  /** A version by its name, when the source has it. */
  Optional<ServedModel> version(String version);

  /**
   * Makes the version before the live one live.
   *
   * @return the version now live
   * @throws UnsupportedOperationException when this source has one version only
   * @throws IllegalStateException when there is no earlier version
   */
  default String rollback() {
    throw new UnsupportedOperationException("model '" + name() + "' is served from one fixed document; only a serving folder has versions to roll back");
  }

  /** The serving folder this source follows; empty for a fixed document. */
  default Optional<ServingFolder> folder() {
    return Optional.empty();
  }

  /** A model served from one Model document that never changes (an artifact of the metadata store). */
  static ModelSource fixed(String name, String version, String modelJson) {
    ServedModel model = ServedModel.of(name, version, modelJson);
    return new ModelSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<ServedModel> live(ServedModel current) {
        return Optional.of(model);
      }

      @Override
      public Optional<ServedModel> version(String v) {
        return v.equals(model.version()) ? Optional.of(model) : Optional.empty();
      }

      @Override
      public String toString() {
        return name + " (version " + version + ")";
      }
    };
  }

  /** The models of a serving or push folder: its live version, followed as it changes. */
  static ModelSource folder(String name, ServingFolder folder) {
    return new FolderModelSource(name, folder);
  }
}
