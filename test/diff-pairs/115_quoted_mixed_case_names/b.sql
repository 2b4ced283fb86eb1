CREATE SCHEMA "Sales Data";

CREATE TYPE "Sales Data"."Line Kind" AS ENUM ('normal', 'Gift Wrap', 'it''s');

CREATE TABLE "Sales Data"."Order Items" (
    "ID" integer PRIMARY KEY,
    "SKU" varchar(32) NOT NULL,
    "Qty" integer NOT NULL,
    kind "Sales Data"."Line Kind" NOT NULL DEFAULT 'normal',
    "Unit Price" numeric(10,2),
    CONSTRAINT "qty > 0" CHECK ("Qty" > 0)
);

CREATE INDEX "Order Items_SKU_idx" ON "Sales Data"."Order Items" ("SKU");

CREATE VIEW "Sales Data"."Big Orders" AS
    SELECT "ID", "SKU", "Qty" * "Unit Price" AS "Line Total"
    FROM "Sales Data"."Order Items"
    WHERE "Qty" > 10;

CREATE TABLE public."user" (
    id integer PRIMARY KEY,
    "select" text DEFAULT 'none'
);

INSERT INTO "Sales Data"."Order Items" VALUES (1, 'AB-1', 2, 'Gift Wrap', 9.99);
INSERT INTO public."user" VALUES (1, 'x');
