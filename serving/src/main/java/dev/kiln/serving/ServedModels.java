package dev.kiln.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The models a server serves, by name, each with its live version. {@link #refresh} (on a timer with
 * {@link #pollEvery}) asks every source for its live version and swaps it in with one reference write:
 * a request that already holds the old version finishes on it, the next one gets the new one, and no
 * request waits or fails for the switch. A new version that cannot be read is reported and skipped;
 * the old one stays live.
 *
 * <p>Example of use:
 * <pre>{@code
 * ServedModels models = ServedModels.of(List.of(ModelSource.folder("taxi", ServingFolder.at(Path.of("models/taxi")))))
 *     .onChange(System.out::println)
 *     .pollEvery(Duration.ofSeconds(1));
 * }</pre>
 */
public final class ServedModels implements AutoCloseable {
  private final Map<String, Entry> entries;
  private volatile Consumer<String> onChange = m -> {};
  private volatile RollbackListener onRollback = (folder, previous, version, since) -> {};
  private ScheduledExecutorService poller;

  private static final class Entry {
    final ModelSource source;
    final AtomicReference<ServedModel> live = new AtomicReference<>();
    volatile String problem;

    Entry(ModelSource source) {
      this.source = source;
    }
  }

  private ServedModels(List<ModelSource> sources) {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (ModelSource s : sources) {
      if (m.put(s.name(), new Entry(s)) != null) {
        throw new IllegalArgumentException("two models are named '" + s.name() + "'; name them apart");
      }
    }
    this.entries = Collections.unmodifiableMap(m);
  }

  /**
   * The models of {@code sources}, each loaded once now.
   *
   * @throws IllegalArgumentException when two have one name, or a live version is not a Model document
   */
  public static ServedModels of(List<ModelSource> sources) {
    ServedModels models = new ServedModels(sources);
    for (Entry e : models.entries.values()) {
      try {
        e.source.live(null).ifPresent(e.live::set);
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("model '" + e.source.name() + "' from " + e.source + ": " + ex.getMessage(), ex);
      }
    }
    return models;
  }

  /** Tells {@code listener} of every version switch and every version that could not be loaded (one line each). */
  public ServedModels onChange(Consumer<String> listener) {
    this.onChange = listener;
    return this;
  }

  /** Is told of each rollback of a serving folder made through {@link #rollback} (the admin endpoint). */
  @FunctionalInterface
  public interface RollbackListener {
    /** {@code folder} went from {@code previous} to {@code version}, live since {@code since}. */
    void rolledBack(ServingFolder folder, String previous, String version, Instant since);
  }

  /**
   * Tells {@code listener} of every rollback (to record it, e.g. in the metadata store). The rollback
   * stands when the listener fails: that is reported through {@link #onChange}.
   */
  public ServedModels onRollback(RollbackListener listener) {
    this.onRollback = listener;
    return this;
  }

  /** Refreshes every model every {@code interval} on a daemon thread, until {@link #close}. */
  public synchronized ServedModels pollEvery(Duration interval) {
    if (poller == null) {
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiln-serve-reload");
        t.setDaemon(true);
        return t;
      });
      poller.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The names of the served models, in the order given. */
  public List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  public boolean knows(String name) {
    return entries.containsKey(name);
  }

  /** The live version of {@code name}; empty when the name is unknown or it has no version yet. */
  public Optional<ServedModel> live(String name) {
    Entry e = entries.get(name);
    return e == null ? Optional.empty() : Optional.ofNullable(e.live.get());
  }

  /** A given version of {@code name}. */
  public Optional<ServedModel> version(String name, String version) {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    ServedModel live = e.live.get();
    if (live != null && live.version().equals(version)) {
      return Optional.of(live);
    }
    return e.source.version(version);
  }

  /** Whether every model has a live version. */
  public boolean ready() {
    return entries.values().stream().allMatch(e -> e.live.get() != null);
  }

  /** Rolls {@code name} back one version and serves that version at once; returns it. */
  public String rollback(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no model named '" + name + "'");
    }
    ServedModel before = e.live.get();
    String version = e.source.rollback();
    Instant since = Instant.now();
    refresh(e);
    Optional<ServingFolder> folder = e.source.folder();
    if (folder.isPresent()) {
      try {
        onRollback.rolledBack(folder.get(), before == null ? null : before.version(), version, since);
      } catch (RuntimeException ex) {
        onChange.accept("model '" + name + "': rolled back to version " + version + ", but the rollback is not recorded: " + ex.getMessage());
      }
    }
    return version;
  }

  /** Asks every source for its live version now. */
  public void refresh() {
    entries.values().forEach(this::refresh);
  }

  private void refresh(Entry e) {
    ServedModel current = e.live.get();
    try {
      Optional<ServedModel> next = e.source.live(current);
      e.problem = null;
      if (next.isPresent() && next.get() != current) {
        e.live.set(next.get());
        onChange.accept("serving " + next.get().name() + " version " + next.get().version()
            + (current == null ? "" : " (was " + current.version() + ")"));
      }
    } catch (RuntimeException ex) {
      String problem = "model '" + e.source.name() + "': the new live version cannot be loaded, still serving "
          + (current == null ? "nothing" : "version " + current.version()) + ": " + ex.getMessage();
      if (!problem.equals(e.problem)) {
        e.problem = problem;
        onChange.accept(problem);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }
}
