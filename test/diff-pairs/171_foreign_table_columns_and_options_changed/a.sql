-- pair: a foreign table gets a column, loses one, changes a column's type, options, NOT NULL and default, and its own options

CREATE FOREIGN DATA WRAPPER pair_fdw;
CREATE SERVER pair_server FOREIGN DATA WRAPPER pair_fdw;

CREATE FOREIGN TABLE public.remote_items (
    id      integer OPTIONS (column_name 'item_id') NOT NULL,
    name    varchar(40),
    legacy  text,
    price   numeric DEFAULT 0
) SERVER pair_server OPTIONS (table_name 'items', batch 'small');
