CREATE TABLE public.webhook (
    id integer PRIMARY KEY,
    payload text NOT NULL CONSTRAINT webhook_payload_check CHECK (payload IS JSON),
    headers text CONSTRAINT webhook_headers_check CHECK (headers IS JSON OBJECT)
);

INSERT INTO public.webhook VALUES (1, '{"event": "ping"}', '{"x-id": "1"}');
