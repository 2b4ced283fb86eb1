-- scenario: extensions (name, schema, pinned non-default version, comment) and objects using extension types/operators/opclasses: citext, hstore, ltree, uuid-ossp defaults, pg_trgm GIN opclass, btree_gist exclusion constraints and GiST index
-- (GiST indexes with extension opclasses that take options, e.g. gist_trgm_ops (siglen = 32), are in 19_extension_gist_opclass_options.sql)
-- requires: extensions: citext, pg_trgm, hstore, btree_gist, ltree, uuid-ossp

CREATE SCHEMA ext;

-- Versions are pinned to ones installable on both PostgreSQL 15 and PGlite, so the recorded
-- version is deterministic (PGlite's defaults are newer for citext, ltree and btree_gist).
CREATE EXTENSION citext WITH SCHEMA ext VERSION '1.6';
CREATE EXTENSION hstore WITH SCHEMA ext VERSION '1.7';
CREATE EXTENSION "uuid-ossp" WITH SCHEMA ext;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION btree_gist WITH SCHEMA public VERSION '1.7';
CREATE EXTENSION ltree VERSION '1.2';

COMMENT ON EXTENSION hstore IS 'key/value pairs (comment overridden by scenario)';
COMMENT ON EXTENSION "uuid-ossp" IS 'UUID generators';

-- Domain over an extension type.
CREATE DOMAIN ext.email_ci AS ext.citext
    CONSTRAINT email_ci_check CHECK (VALUE OPERATOR(ext.~) '@'::ext.citext);

CREATE TABLE public.ext_users (
    id          uuid NOT NULL DEFAULT ext.uuid_generate_v4(),
    legacy_id   uuid DEFAULT ext.uuid_generate_v5(ext.uuid_ns_url(), 'https://example.com/'::text),
    email       ext.email_ci NOT NULL,
    username    ext.citext NOT NULL,
    aliases     ext.citext[],
    props       ext.hstore DEFAULT ''::ext.hstore,
    path        ltree,
    paths       ltree[],
    bio         text,
    CONSTRAINT ext_users_pkey PRIMARY KEY (id),
    CONSTRAINT ext_users_username_key UNIQUE (username),
    CONSTRAINT ext_users_props_check CHECK (NOT (props OPERATOR(ext.?) 'password'::text))
);

-- Indexes with extension opclasses (GIN / btree; see 19_... for GiST opclasses with options).
CREATE INDEX ext_users_bio_trgm_gin_idx ON public.ext_users USING gin (bio gin_trgm_ops);
CREATE INDEX ext_users_lower_bio_trgm_idx ON public.ext_users USING gin (lower(bio) gin_trgm_ops);
CREATE INDEX ext_users_props_gin_idx ON public.ext_users USING gin (props);
CREATE INDEX ext_users_props_gin_explicit_idx ON public.ext_users USING gin (props ext.gin_hstore_ops);
CREATE INDEX ext_users_path_btree_idx ON public.ext_users USING btree (path);
CREATE INDEX ext_users_username_btree_idx ON public.ext_users (username);
CREATE INDEX ext_users_email_idx ON public.ext_users (email);

-- btree_gist: scalar equality inside an exclusion constraint and a multi-column GiST index.
CREATE TABLE public.room_bookings (
    id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room      integer NOT NULL,
    guest     text NOT NULL,
    during    tstzrange NOT NULL,
    CONSTRAINT room_bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&),
    CONSTRAINT room_bookings_guest_overlap EXCLUDE USING gist (guest WITH =, room WITH <>, during WITH &&) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX room_bookings_room_during_idx ON public.room_bookings USING gist (room, during);

-- A view and a function using extension operators/functions.
CREATE VIEW public.ext_user_lookup AS
    SELECT id, username, similarity(bio, 'postgres'::text) AS score, nlevel(path) AS depth, props OPERATOR(ext.->) 'lang'::text AS lang
    FROM public.ext_users;

CREATE FUNCTION public.users_under(p ltree) RETURNS SETOF public.ext_users
    LANGUAGE sql STABLE
    AS $$ SELECT * FROM public.ext_users WHERE path <@ p $$;
