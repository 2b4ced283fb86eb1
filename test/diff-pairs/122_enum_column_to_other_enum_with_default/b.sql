CREATE TYPE public.ticket_status AS ENUM ('new', 'open', 'closed', 'archived');

CREATE TABLE public.ticket (
    id integer PRIMARY KEY,
    state public.ticket_status NOT NULL DEFAULT 'new',
    history public.ticket_status[] NOT NULL DEFAULT '{new}'
);

INSERT INTO public.ticket VALUES (1, 'open', '{open}'), (2, 'closed', '{open,closed}');
