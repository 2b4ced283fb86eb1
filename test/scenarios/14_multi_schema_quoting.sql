-- scenario: multiple schemas and identifier quoting: schema/table/column/type/function/index/constraint/sequence/view names with spaces, upper case, dots, quotes, reserved words, unicode and 63-byte length; same names in different schemas; names differing only by case; cross-schema references

CREATE SCHEMA "Weird Schema";
CREATE SCHEMA "UPPER";
CREATE SCHEMA "select";
CREATE SCHEMA "with.dot";
CREATE SCHEMA "quote""in";
CREATE SCHEMA "ünï";
CREATE SCHEMA app;

COMMENT ON SCHEMA "Weird Schema" IS 'schema whose name needs quotes';

-- Enum and domain with quoted names in a quoted schema.
CREATE TYPE "Weird Schema"."Status" AS ENUM ('Active', 'In Active', 'it''s');
CREATE DOMAIN "Weird Schema"."Positive Amount" AS numeric(12,2) CONSTRAINT "Amount > 0" CHECK (VALUE > (0)::numeric);

CREATE SEQUENCE "with.dot"."seq.name" START 10;

CREATE TABLE "Weird Schema"."Mixed Table" (
    "Id"            integer NOT NULL DEFAULT nextval('"with.dot"."seq.name"'::regclass),
    "Display Name"  text NOT NULL,
    "from"          date,
    "to"            date,
    "with""quote"   text,
    "status"        "Weird Schema"."Status" NOT NULL DEFAULT 'In Active'::"Weird Schema"."Status",
    "Amount"        "Weird Schema"."Positive Amount",
    "a.b"           integer,
    CONSTRAINT "Mixed Table PK" PRIMARY KEY ("Id"),
    CONSTRAINT "Valid Range" CHECK ("from" <= "to"),
    CONSTRAINT "Mixed Table Name Key" UNIQUE ("Display Name")
);
CREATE INDEX "Mixed Index" ON "Weird Schema"."Mixed Table" ("Display Name" DESC, "a.b");
CREATE INDEX "idx.with.dots" ON "Weird Schema"."Mixed Table" (lower("with""quote"));

-- Tables whose names differ only in case, in the same schema.
CREATE TABLE "UPPER"."ITEMS" (
    "ID"        integer PRIMARY KEY,
    "Mixed Ref" integer REFERENCES "Weird Schema"."Mixed Table" ("Id") ON DELETE CASCADE
);
CREATE TABLE "UPPER".items (
    id          integer PRIMARY KEY,
    upper_id    integer REFERENCES "UPPER"."ITEMS" ("ID")
);
CREATE TABLE "UPPER"."Items" (
    id integer
);

-- Same table name in several schemas.
CREATE TABLE public.items (
    id          integer PRIMARY KEY,
    app_item    integer
);
CREATE TABLE app.items (
    id          integer PRIMARY KEY,
    public_item integer REFERENCES public.items (id)
);
ALTER TABLE public.items ADD CONSTRAINT items_app_item_fk FOREIGN KEY (app_item) REFERENCES app.items (id);

-- Same function name and signature in two schemas, and a quoted function with a quoted schema.
CREATE FUNCTION public.describe(x integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'public:' || x $$;
CREATE FUNCTION app.describe(x integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'app:' || x $$;
CREATE FUNCTION "Weird Schema"."Compute Total"("Arg One" integer, "arg two" "Weird Schema"."Positive Amount")
    RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT "Arg One" * "arg two" $$;

-- Reserved-word schema with a reserved-word view and table.
CREATE TABLE "select"."table" (
    "column"  integer,
    "where"   text
);
CREATE VIEW "select"."from" AS
    SELECT t."column", t."where", app.describe(t."column") AS "describe"
    FROM "select"."table" t;

-- Schema with a double quote in its name.
CREATE TABLE "quote""in"."ta""ble" (
    "co""l" integer PRIMARY KEY
);
CREATE VIEW "quote""in"."vi""ew" AS SELECT "co""l" FROM "quote""in"."ta""ble";

-- Unicode identifiers.
CREATE TABLE "ünï"."café" (
    "naïve"  text,
    "日本語"  integer
);

-- Maximum-length (63-byte) identifiers.
CREATE TABLE app.a_very_long_table_name_that_is_exactly_sixty_three_bytes_long_x (
    a_very_long_column_name_that_is_exactly_sixty_three_bytes_long_ integer NOT NULL,
    CONSTRAINT a_very_long_constraint_name_that_is_exactly_sixty_three_bytes_x CHECK (a_very_long_column_name_that_is_exactly_sixty_three_bytes_long_ > 0)
);

-- Cross-schema view joining quoted objects, cross-schema default using a function from another schema.
CREATE VIEW app."Cross View" AS
    SELECT m."Id", m."Display Name", u."ID" AS upper_id, "Weird Schema"."Compute Total"(m."Id", m."Amount") AS total
    FROM "Weird Schema"."Mixed Table" m
    JOIN "UPPER"."ITEMS" u ON u."Mixed Ref" = m."Id";

CREATE TABLE app.labels (
    id     integer PRIMARY KEY,
    label  text DEFAULT public.describe(0),
    status "Weird Schema"."Status"
);
