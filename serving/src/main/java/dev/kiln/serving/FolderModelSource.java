package dev.kiln.serving;

import dev.kiln.ml.push.PushedModel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ServingFolder}'s versions; each version's document is parsed once and kept (models are small). */
final class FolderModelSource implements ModelSource {
  private static final int MAX_CACHED = 16;
  private final String name;
  private final ServingFolder folder;
  private final Map<String, ServedModel> loaded = new ConcurrentHashMap<>();

  FolderModelSource(String name, ServingFolder folder) {
    this.name = name;
    this.folder = folder;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<ServedModel> live(ServedModel current) {
    Optional<PushedModel> live = folder.live();
    if (live.isEmpty()) {
      return Optional.empty();
    }
    if (current != null && current.version().equals(live.get().version())) {
      return Optional.of(current);
    }
    return Optional.of(load(live.get()));
  }

  @Override
  public Optional<ServedModel> version(String version) {
    ServedModel m = loaded.get(version);
    if (m != null) {
      return Optional.of(m);
    }
    return folder.version(version).map(this::load);
  }

  private ServedModel load(PushedModel v) {
    ServedModel m = loaded.get(v.version());
    if (m == null) {
      m = ServedModel.of(name, v.version(), folder.read(v));
      if (loaded.size() >= MAX_CACHED) {
        loaded.clear(); // rare: a folder of many versions; they parse again on demand
      }
      loaded.put(v.version(), m);
    }
    return m;
  }

  @Override
  public Optional<ServingFolder> folder() {
    return Optional.of(folder);
  }

  @Override
  public String rollback() {
    return folder.rollback().version();
  }

  @Override
  public String toString() {
    return name + " (" + folder + ")";
  }
}
