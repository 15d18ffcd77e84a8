package dev.kiln.cli;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.project.KilnProject;
import dev.kiln.core.project.StoreIdentity;
import dev.kiln.core.project.StoreMismatchException;
import dev.kiln.metadata.MetadataStore;
import java.nio.file.Path;

/** An open project: its metadata store and artifact store. Closing it closes the metadata store. */
final class Session implements AutoCloseable {
  final KilnProject project;
  final MetadataStore store;
  final ArtifactStore artifacts;

  private Session(KilnProject project) {
    this.project = project;
    this.store = MetadataStore.open(project.metadataUrl(), project.metadataUser(), project.metadataPassword());
    StartupProfile.mark("open metadata store");
    GcsRoot.configure(project.artifactRoot());
    this.artifacts = ArtifactStore.at(project.artifactRoot());
    try {
      StoreIdentity.check(store, artifacts, project.metadataUrl().startsWith("jdbc:sqlite:")
          ? project.metadataUrl().substring("jdbc:sqlite:".length()) : "named in .kiln/config.yaml");
    } catch (StoreMismatchException e) {
      store.close();
      throw new UserError(e.getMessage());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    StartupProfile.mark("artifact store");
  }

  /** Opens the project containing {@code dir}, creating {@code .kiln/} there when {@code create} and none is found. */
  static Session open(Path dir, boolean create, Console console) {
    KilnProject project = KilnProject.find(dir).orElse(null);
    StartupProfile.mark("find project");
    if (project == null) {
      if (!create) {
        throw new UserError("no Kiln project here (no .kiln folder in " + dir.toAbsolutePath().normalize()
            + " or above); run 'kiln init' first");
      }
      project = KilnProject.init(dir);
      console.info("Initialized a Kiln project in " + project.dir().resolve(KilnProject.FOLDER));
    }
    return new Session(project);
  }

  @Override
  public void close() {
    store.close();
  }
}
