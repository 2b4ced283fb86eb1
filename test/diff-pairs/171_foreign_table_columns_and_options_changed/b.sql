CREATE FOREIGN DATA WRAPPER pair_fdw;
CREATE SERVER pair_server FOREIGN DATA WRAPPER pair_fdw;

CREATE FOREIGN TABLE public.remote_items (
    id      integer OPTIONS (column_name 'id'),
    name    varchar(80) NOT NULL,
    price   numeric,
    added   date OPTIONS (column_name 'created') DEFAULT CURRENT_DATE
) SERVER pair_server OPTIONS (table_name 'items_v2', schema_name 'shop');
COMMENT ON FOREIGN TABLE public.remote_items IS 'items of the shop database';
