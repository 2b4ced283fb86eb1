-- pair: REPLICA IDENTITY moves from the default to FULL, to NOTHING and to a unique index

CREATE TABLE public.ledger (id integer PRIMARY KEY, amount numeric);
CREATE TABLE public.events (at timestamptz, what text);
CREATE TABLE public.keyed (code text NOT NULL, label text);
CREATE UNIQUE INDEX keyed_code_idx ON public.keyed (code);
