-- pair: a check constraint using the SQL/JSON IS JSON predicate (PostgreSQL 16+) is added on public.webhook.payload (text), and another is changed from IS JSON to IS JSON OBJECT
-- requires: pg16

CREATE TABLE public.webhook (
    id integer PRIMARY KEY,
    payload text NOT NULL,
    headers text CONSTRAINT webhook_headers_check CHECK (headers IS JSON)
);

INSERT INTO public.webhook VALUES (1, '{"event": "ping"}', '{"x-id": "1"}');
