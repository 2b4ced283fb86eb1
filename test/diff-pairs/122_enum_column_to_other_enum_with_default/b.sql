CREATE TYPE public.ticket_status AS ENUM ('new', 'open', 'closed', 'archived');

CREATE TABLE public.ticket (
    id integer PRIMARY KEY,
    state public.ticket_status NOT NULL DEFAULT 'new',
    history public.ticket_status[] NOT NULL DEFAULT '{new}',
    CONSTRAINT ticket_closed_has_history CHECK (state <> 'closed' OR cardinality(history) > 1)
);

CREATE INDEX ticket_open_idx ON public.ticket (id) WHERE state = 'open';

CREATE VIEW public.open_ticket AS SELECT id, state FROM public.ticket WHERE state <> 'closed';

INSERT INTO public.ticket VALUES (1, 'open', '{open}'), (2, 'closed', '{open,closed}');
