-- Kiln metadata store, schema version 1: the ML Metadata (MLMD) model.
-- Kept statement-for-statement parallel with ../postgresql/V1__mlmd_schema.sql; only the id
-- columns differ (SQLite's INTEGER PRIMARY KEY is its rowid, PostgreSQL uses an identity column).

CREATE TABLE Type (
  id   INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ARTIFACT', 'EXECUTION', 'CONTEXT')),
  name TEXT NOT NULL,
  UNIQUE (kind, name)
);

CREATE TABLE Artifact (
  id          INTEGER PRIMARY KEY,
  type_id     BIGINT NOT NULL REFERENCES Type (id),
  uri         TEXT NOT NULL,
  name        TEXT,
  state       TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL
);
CREATE INDEX idx_artifact_type ON Artifact (type_id, id);
CREATE INDEX idx_artifact_uri ON Artifact (uri);
CREATE INDEX idx_artifact_state ON Artifact (state);

CREATE TABLE Execution (
  id          INTEGER PRIMARY KEY,
  type_id     BIGINT NOT NULL REFERENCES Type (id),
  name        TEXT,
  state       TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL
);
CREATE INDEX idx_execution_type ON Execution (type_id, id);
CREATE INDEX idx_execution_state ON Execution (state);

CREATE TABLE Context (
  id          INTEGER PRIMARY KEY,
  type_id     BIGINT NOT NULL REFERENCES Type (id),
  name        TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  UNIQUE (type_id, name)
);
CREATE INDEX idx_context_type ON Context (type_id, id);

CREATE TABLE ArtifactProperty (
  artifact_id  BIGINT NOT NULL REFERENCES Artifact (id),
  name         TEXT NOT NULL,
  int_value    BIGINT,
  double_value DOUBLE PRECISION,
  string_value TEXT,
  PRIMARY KEY (artifact_id, name)
);
CREATE INDEX idx_artifact_property_string ON ArtifactProperty (name, string_value, artifact_id);

CREATE TABLE ExecutionProperty (
  execution_id BIGINT NOT NULL REFERENCES Execution (id),
  name         TEXT NOT NULL,
  int_value    BIGINT,
  double_value DOUBLE PRECISION,
  string_value TEXT,
  PRIMARY KEY (execution_id, name)
);
CREATE INDEX idx_execution_property_string ON ExecutionProperty (name, string_value, execution_id);

CREATE TABLE ContextProperty (
  context_id   BIGINT NOT NULL REFERENCES Context (id),
  name         TEXT NOT NULL,
  int_value    BIGINT,
  double_value DOUBLE PRECISION,
  string_value TEXT,
  PRIMARY KEY (context_id, name)
);
CREATE INDEX idx_context_property_string ON ContextProperty (name, string_value, context_id);

CREATE TABLE Event (
  id           INTEGER PRIMARY KEY,
  artifact_id  BIGINT NOT NULL REFERENCES Artifact (id),
  execution_id BIGINT NOT NULL REFERENCES Execution (id),
  type         TEXT NOT NULL CHECK (type IN ('INPUT', 'OUTPUT')),
  event_time   BIGINT NOT NULL
);
CREATE INDEX idx_event_artifact ON Event (artifact_id, type);
CREATE INDEX idx_event_execution ON Event (execution_id, type);

-- The steps of an event's path, in order (MLMD's EventPath; Kiln's path "examples:train" is
-- stored as the key steps "examples", "train").
CREATE TABLE EventPath (
  event_id   BIGINT NOT NULL REFERENCES Event (id),
  step_index INTEGER NOT NULL,
  step_key   TEXT NOT NULL,
  PRIMARY KEY (event_id, step_index)
);

CREATE TABLE Attribution (
  context_id  BIGINT NOT NULL REFERENCES Context (id),
  artifact_id BIGINT NOT NULL REFERENCES Artifact (id),
  PRIMARY KEY (context_id, artifact_id)
);
CREATE INDEX idx_attribution_artifact ON Attribution (artifact_id);

CREATE TABLE Association (
  context_id   BIGINT NOT NULL REFERENCES Context (id),
  execution_id BIGINT NOT NULL REFERENCES Execution (id),
  PRIMARY KEY (context_id, execution_id)
);
CREATE INDEX idx_association_execution ON Association (execution_id);

CREATE TABLE ParentContext (
  context_id        BIGINT NOT NULL REFERENCES Context (id),
  parent_context_id BIGINT NOT NULL REFERENCES Context (id),
  PRIMARY KEY (context_id, parent_context_id),
  CHECK (context_id <> parent_context_id)
);
CREATE INDEX idx_parent_context_parent ON ParentContext (parent_context_id, context_id);
