CREATE TYPE public.ticket_state AS ENUM ('draft', 'open', 'triaged', 'in_progress', 'closed');

CREATE TABLE public.ticket (
    id integer PRIMARY KEY,
    state public.ticket_state NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_state_check CHECK (state <> 'closed' OR id > 0)
);

CREATE INDEX ticket_state_idx ON public.ticket (state);

INSERT INTO public.ticket VALUES (1, 'open'), (2, 'in_progress'), (3, 'closed');
