-- pair: public.ticket.state changes from enum public.ticket_state to another enum public.ticket_status while it has a default (and an array column of it too), and a partial index, a check constraint and a view compare it with a literal of its enum; PostgreSQL has no cast between two enums, so the conversion goes through text, and the default is dropped first and set again after; A's enum is dropped, B's created

CREATE TYPE public.ticket_state AS ENUM ('open', 'closed');

CREATE TABLE public.ticket (
    id integer PRIMARY KEY,
    state public.ticket_state NOT NULL DEFAULT 'open',
    history public.ticket_state[] NOT NULL DEFAULT '{open}',
    CONSTRAINT ticket_closed_has_history CHECK (state <> 'closed' OR cardinality(history) > 1)
);

CREATE INDEX ticket_open_idx ON public.ticket (id) WHERE state = 'open';

CREATE VIEW public.open_ticket AS SELECT id, state FROM public.ticket WHERE state <> 'closed';

INSERT INTO public.ticket VALUES (1, 'open', '{open}'), (2, 'closed', '{open,closed}');
