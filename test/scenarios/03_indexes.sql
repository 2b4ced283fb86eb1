-- scenario: standalone indexes: unique, btree/hash/gin/gist/spgist/brin, expression keys, opclasses, collation, DESC / NULLS FIRST/LAST, INCLUDE, partial, storage parameters, NULLS NOT DISTINCT, indexes on materialized views

CREATE SCHEMA idx;

CREATE TABLE idx.documents (
    id          bigint NOT NULL,
    title       text NOT NULL,
    slug        text,
    body        text,
    tags        text[],
    attrs       jsonb,
    created_at  timestamp with time zone NOT NULL,
    published   boolean NOT NULL DEFAULT false,
    score       numeric,
    rank        integer,
    location    point,
    span        tsrange,
    author_id   integer,
    search      tsvector,
    ip          inet,
    CONSTRAINT documents_pkey PRIMARY KEY (id)
);

-- Unique indexes (not constraints): expression, partial, NULLS NOT DISTINCT (PG15).
CREATE UNIQUE INDEX documents_lower_slug_uidx ON idx.documents (lower(slug));
CREATE UNIQUE INDEX documents_title_published_uidx ON idx.documents (title) WHERE published;
CREATE UNIQUE INDEX documents_author_rank_uidx ON idx.documents (author_id, rank) NULLS NOT DISTINCT;

-- btree variants: opclass, collation, ordering, INCLUDE, multi-expression, storage parameter.
CREATE INDEX documents_title_pattern_idx ON idx.documents (title text_pattern_ops);
CREATE INDEX documents_slug_vpattern_idx ON idx.documents (slug varchar_pattern_ops);
CREATE INDEX documents_title_c_idx ON idx.documents (title COLLATE "C");
CREATE INDEX documents_created_desc_idx ON idx.documents (created_at DESC NULLS LAST, id);
CREATE INDEX documents_score_nulls_first_idx ON idx.documents (score NULLS FIRST);
CREATE INDEX documents_score_desc_idx ON idx.documents (score DESC);
CREATE INDEX documents_rank_desc_nl_idx ON idx.documents (rank DESC NULLS LAST, score ASC NULLS FIRST);
CREATE INDEX documents_author_incl_idx ON idx.documents (author_id) INCLUDE (title, created_at);
CREATE INDEX documents_expr_multi_idx ON idx.documents ((attrs ->> 'kind'), (COALESCE(score, (0)::numeric) * (2)::numeric), id);
CREATE INDEX documents_fillfactor_idx ON idx.documents (created_at) WITH (fillfactor = 70, deduplicate_items = off);
CREATE INDEX documents_partial_complex_idx ON idx.documents (author_id, created_at DESC)
    WHERE (published AND score IS NOT NULL AND (attrs ? 'flag'::text) AND created_at > '2020-01-01 00:00:00+00'::timestamp with time zone);
CREATE INDEX documents_date_expr_idx ON idx.documents (date_trunc('day'::text, (created_at AT TIME ZONE 'UTC'::text)));
CREATE INDEX "Documents Quoted Index" ON idx.documents ("title", "id");

-- Other access methods.
CREATE INDEX documents_slug_hash_idx ON idx.documents USING hash (slug);
CREATE INDEX documents_tags_gin_idx ON idx.documents USING gin (tags);
CREATE INDEX documents_attrs_gin_idx ON idx.documents USING gin (attrs);
CREATE INDEX documents_attrs_path_gin_idx ON idx.documents USING gin (attrs jsonb_path_ops) WITH (fastupdate = off);
CREATE INDEX documents_search_gin_idx ON idx.documents USING gin (search);
CREATE INDEX documents_body_fts_idx ON idx.documents USING gin (to_tsvector('english'::regconfig, body));
CREATE INDEX documents_search_gist_idx ON idx.documents USING gist (search);
CREATE INDEX documents_location_gist_idx ON idx.documents USING gist (location);
CREATE INDEX documents_span_gist_idx ON idx.documents USING gist (span) WITH (buffering = on);
CREATE INDEX documents_ip_gist_idx ON idx.documents USING gist (ip inet_ops);
CREATE INDEX documents_location_spgist_idx ON idx.documents USING spgist (location);
CREATE INDEX documents_slug_spgist_idx ON idx.documents USING spgist (slug);
CREATE INDEX documents_created_brin_idx ON idx.documents USING brin (created_at) WITH (pages_per_range = 32);
CREATE INDEX documents_multi_brin_idx ON idx.documents USING brin (id int8_minmax_multi_ops, created_at timestamptz_bloom_ops);

-- Materialized view with indexes (unique, expression, partial).
CREATE MATERIALIZED VIEW idx.author_stats AS
    SELECT author_id, count(*) AS doc_count, max(created_at) AS last_created
    FROM idx.documents
    GROUP BY author_id;
CREATE UNIQUE INDEX author_stats_author_uidx ON idx.author_stats (author_id);
CREATE INDEX author_stats_last_idx ON idx.author_stats (last_created DESC) WHERE doc_count > 1;
CREATE INDEX author_stats_brin_idx ON idx.author_stats USING brin (last_created);

-- Two indexes with identical definitions but different names must both survive.
CREATE INDEX documents_dup_a_idx ON idx.documents (author_id);
CREATE INDEX documents_dup_b_idx ON idx.documents (author_id);
