-- Kiln metadata store, schema version 2: the store's identity.
-- One row, made once by this migration: a random id that the artifact root records too
-- (<root>/_KILN_STORE), so that a store and an artifact root that do not belong together (a deleted
-- or replaced metadata.db beside old artifacts) are refused instead of overwriting each other.
-- Kept parallel with ../postgresql/V2__store_identity.sql.

CREATE TABLE StoreIdentity (
  id           TEXT NOT NULL PRIMARY KEY,
  created_time BIGINT NOT NULL
);
INSERT INTO StoreIdentity (id, created_time)
  VALUES (lower(hex(randomblob(16))), CAST(strftime('%s', 'now') AS INTEGER) * 1000);
