-- pair: enum public.ticket_state gets a value inserted in the middle ('triaged' BEFORE 'in_progress') and one at the front ('draft' BEFORE 'open'); the enum's sort order matters to an index and a check constraint on the column

CREATE TYPE public.ticket_state AS ENUM ('open', 'in_progress', 'closed');

CREATE TABLE public.ticket (
    id integer PRIMARY KEY,
    state public.ticket_state NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_state_check CHECK (state <> 'closed' OR id > 0)
);

CREATE INDEX ticket_state_idx ON public.ticket (state);

INSERT INTO public.ticket VALUES (1, 'open'), (2, 'in_progress'), (3, 'closed');
