-- scenario: COMMENT ON every commentable kind without special requirements: schema, enum/domain/composite type, composite attribute, domain constraint, collation, sequence, table, column, view, view column, materialized view (+column), index, table constraint, FK, function (overloads), procedure, trigger, policy; special characters in comment text
-- (comments on extensions are in 13_extensions.sql, on event triggers in 15_event_triggers.sql)

CREATE SCHEMA cmt;
COMMENT ON SCHEMA cmt IS 'Schema holding the comment scenario';
COMMENT ON SCHEMA public IS 'standard public schema (comment overridden)';

-- Types.
CREATE TYPE cmt.color AS ENUM ('red', 'green', 'blue');
COMMENT ON TYPE cmt.color IS 'Primary colors';

CREATE DOMAIN cmt.percent AS numeric(5,2)
    CONSTRAINT percent_range CHECK (VALUE >= 0 AND VALUE <= 100);
COMMENT ON DOMAIN cmt.percent IS 'A percentage between 0 and 100';
COMMENT ON CONSTRAINT percent_range ON DOMAIN cmt.percent IS 'Keeps the value within [0, 100]';

CREATE TYPE cmt.dimensions AS (width numeric, height numeric);
COMMENT ON TYPE cmt.dimensions IS 'Width and height';
COMMENT ON COLUMN cmt.dimensions.width IS 'Horizontal size';

-- Collation.
CREATE COLLATION cmt.bytewise FROM "C";
COMMENT ON COLLATION cmt.bytewise IS 'Byte-order collation copied from C';

-- Sequence.
CREATE SEQUENCE cmt.ticket_seq;
COMMENT ON SEQUENCE cmt.ticket_seq IS 'Ticket numbers';

-- Table, columns, constraints, index.
CREATE TABLE cmt.widgets (
    id          integer NOT NULL DEFAULT nextval('cmt.ticket_seq'::regclass),
    name        text NOT NULL,
    color       cmt.color,
    discount    cmt.percent,
    size        cmt.dimensions,
    parent_id   integer,
    "Quoted Col" text,
    CONSTRAINT widgets_pkey PRIMARY KEY (id),
    CONSTRAINT widgets_name_check CHECK (name <> ''),
    CONSTRAINT widgets_parent_fk FOREIGN KEY (parent_id) REFERENCES cmt.widgets (id)
);
COMMENT ON TABLE cmt.widgets IS 'Widgets we sell';
COMMENT ON COLUMN cmt.widgets.id IS 'Surrogate key';
COMMENT ON COLUMN cmt.widgets.name IS 'Display name; it''s "quoted" and has a backslash \ in it';
COMMENT ON COLUMN cmt.widgets."Quoted Col" IS 'Column with a quoted name';
COMMENT ON CONSTRAINT widgets_pkey ON cmt.widgets IS 'Primary key';
COMMENT ON CONSTRAINT widgets_name_check ON cmt.widgets IS 'Name must not be empty';
COMMENT ON CONSTRAINT widgets_parent_fk ON cmt.widgets IS 'Widgets can nest';

CREATE INDEX widgets_color_idx ON cmt.widgets (color);
COMMENT ON INDEX cmt.widgets_color_idx IS 'Lookup by color';
COMMENT ON INDEX cmt.widgets_pkey IS 'Index backing the primary key';

-- Multi-line and unicode comment text; a column left uncommented; an empty-string comment (= no comment).
COMMENT ON COLUMN cmt.widgets.color IS E'Line one\nLine two\n\ttabbed — ünïcödé ✓';
COMMENT ON COLUMN cmt.widgets.discount IS '';

-- View, view columns, materialized view and its column.
CREATE VIEW cmt.red_widgets AS
    SELECT id, name FROM cmt.widgets WHERE color = 'red'::cmt.color;
COMMENT ON VIEW cmt.red_widgets IS 'Only red widgets';
COMMENT ON COLUMN cmt.red_widgets.name IS 'Name of a red widget';

CREATE MATERIALIZED VIEW cmt.widget_counts AS
    SELECT color, count(*) AS n FROM cmt.widgets GROUP BY color;
COMMENT ON MATERIALIZED VIEW cmt.widget_counts IS 'Widget counts per color';
COMMENT ON COLUMN cmt.widget_counts.n IS 'Number of widgets';

-- Functions (overloads get distinct comments) and a procedure.
CREATE FUNCTION cmt.area(d cmt.dimensions) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (d).width * (d).height $$;
CREATE FUNCTION cmt.area(w numeric, h numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT w * h $$;
COMMENT ON FUNCTION cmt.area(cmt.dimensions) IS 'Area of a dimensions value';
COMMENT ON FUNCTION cmt.area(numeric, numeric) IS 'Area from width and height';

CREATE PROCEDURE cmt.recolor(p_id integer, p_color cmt.color)
    LANGUAGE sql
    AS $$ UPDATE cmt.widgets SET color = p_color WHERE id = p_id $$;
COMMENT ON PROCEDURE cmt.recolor(integer, cmt.color) IS 'Change the color of one widget';

-- Trigger.
CREATE FUNCTION cmt.widgets_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;
COMMENT ON FUNCTION cmt.widgets_trigger() IS 'Trigger function (no-op)';
CREATE TRIGGER widgets_before_insert BEFORE INSERT ON cmt.widgets
    FOR EACH ROW EXECUTE FUNCTION cmt.widgets_trigger();
COMMENT ON TRIGGER widgets_before_insert ON cmt.widgets IS 'Runs before every insert';

-- Policy.
CREATE POLICY widgets_visible ON cmt.widgets FOR SELECT USING (name IS NOT NULL);
COMMENT ON POLICY widgets_visible ON cmt.widgets IS 'Everyone sees named widgets';

-- Comments on objects in public with mixed-case names.
CREATE TABLE public."Commented Table" ("Mixed Column" integer);
COMMENT ON TABLE public."Commented Table" IS 'Table with a quoted name';
COMMENT ON COLUMN public."Commented Table"."Mixed Column" IS 'Column with a quoted name';
