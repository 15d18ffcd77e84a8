-- Kiln metadata store, schema version 2: the store's identity.
-- One row, made once by this migration: a random id that the artifact root records too
-- (<root>/_KILN_STORE), so that a store and an artifact root that do not belong together (a dropped
-- or replaced database beside old artifacts) are refused instead of overwriting each other.
-- Kept parallel with ../sqlite/V2__store_identity.sql.

CREATE TABLE StoreIdentity (
  id           TEXT NOT NULL PRIMARY KEY,
  created_time BIGINT NOT NULL
);
INSERT INTO StoreIdentity (id, created_time)
  VALUES (md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text),
          (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
