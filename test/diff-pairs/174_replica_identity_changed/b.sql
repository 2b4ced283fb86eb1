CREATE TABLE public.ledger (id integer PRIMARY KEY, amount numeric);
ALTER TABLE public.ledger REPLICA IDENTITY FULL;
CREATE TABLE public.events (at timestamptz, what text);
ALTER TABLE public.events REPLICA IDENTITY NOTHING;
CREATE TABLE public.keyed (code text NOT NULL, label text);
CREATE UNIQUE INDEX keyed_code_idx ON public.keyed (code);
ALTER TABLE public.keyed REPLICA IDENTITY USING INDEX keyed_code_idx;
