CREATE TABLE public.accounts (id integer PRIMARY KEY, owner text);
CREATE PUBLICATION replica_pub FOR TABLE public.accounts WITH (publish = 'insert, update');
