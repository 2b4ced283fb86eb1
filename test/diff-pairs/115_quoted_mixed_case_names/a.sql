-- pair: identifiers that need quoting: in schema "Sales Data", table "Order Items" gets a column "Unit Price" added, column "SKU" changes varchar(10) -> varchar(32), index "Order Items_SKU_idx" is added, a check named "qty > 0" is added, enum "Line Kind" gains the value 'it''s', and a view "Big Orders" is added; a table named "user" (reserved word) with column "select" changes default

CREATE SCHEMA "Sales Data";

CREATE TYPE "Sales Data"."Line Kind" AS ENUM ('normal', 'Gift Wrap');

CREATE TABLE "Sales Data"."Order Items" (
    "ID" integer PRIMARY KEY,
    "SKU" varchar(10) NOT NULL,
    "Qty" integer NOT NULL,
    kind "Sales Data"."Line Kind" NOT NULL DEFAULT 'normal'
);

CREATE TABLE public."user" (
    id integer PRIMARY KEY,
    "select" text DEFAULT 'all'
);

INSERT INTO "Sales Data"."Order Items" VALUES (1, 'AB-1', 2, 'Gift Wrap');
INSERT INTO public."user" VALUES (1, 'x');
