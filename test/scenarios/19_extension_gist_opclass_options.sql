-- scenario: GiST indexes using extension operator classes that have an options support function: explicit opclass parameters (pg_trgm gist_trgm_ops (siglen = 32), hstore gist_hstore_ops (siglen = 64), ltree gist_ltree_ops (siglen = 16)) and default ones (ltree, ltree[])
-- requires: extensions: pg_trgm, hstore, ltree
-- Why a separate, last-sorted file: a PostgreSQL quirk makes DROP EXTENSION ... CASCADE (and DROP SCHEMA
-- ... CASCADE of the extension's schema) fail while such an index still exists: on PG15 with
-- "operator class ... has no options" when the index sets options, on PG18/PGlite with
-- "cache lookup failed for function N" even for the default opclass. Dropping the indexes (or the
-- schemas holding the tables) BEFORE the extensions works. A database reset that drops extensions
-- first must therefore drop user relations first, or this file must stay the last one run.

CREATE SCHEMA gx;

CREATE EXTENSION pg_trgm WITH SCHEMA gx;
CREATE EXTENSION hstore WITH SCHEMA gx VERSION '1.7';
CREATE EXTENSION ltree WITH SCHEMA gx VERSION '1.2';

CREATE TABLE public.catalog_entries (
    id      integer PRIMARY KEY,
    title   text NOT NULL,
    attrs   gx.hstore,
    path    gx.ltree NOT NULL,
    paths   gx.ltree[]
);

-- Explicit opclass parameters.
CREATE INDEX catalog_entries_title_trgm_idx ON public.catalog_entries USING gist (title gx.gist_trgm_ops (siglen = 32));
CREATE INDEX catalog_entries_attrs_gist_idx ON public.catalog_entries USING gist (attrs gx.gist_hstore_ops (siglen = 64));
CREATE INDEX catalog_entries_path_siglen_idx ON public.catalog_entries USING gist (path gx.gist_ltree_ops (siglen = 16));
-- Default opclasses (which nevertheless carry an options support function).
CREATE INDEX catalog_entries_path_gist_idx ON public.catalog_entries USING gist (path);
CREATE INDEX catalog_entries_paths_gist_idx ON public.catalog_entries USING gist (paths);
-- Multi-column GiST mixing two extension opclasses, with a predicate.
CREATE INDEX catalog_entries_multi_idx ON public.catalog_entries USING gist (path, title gx.gist_trgm_ops) WHERE (attrs IS NOT NULL);
