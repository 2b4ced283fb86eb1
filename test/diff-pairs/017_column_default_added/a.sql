-- pair: column defaults are added: public.ticket.priority DEFAULT 3, public.ticket.opened_at DEFAULT now(), public.ticket.tags DEFAULT '{}'::text[], public.ticket.id DEFAULT nextval of an existing sequence

CREATE SEQUENCE public.ticket_number_seq;

CREATE TABLE public.ticket (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    priority integer,
    opened_at timestamptz,
    tags text[]
);

INSERT INTO public.ticket VALUES (1, 'Printer on fire', 1, '2024-01-01 10:00:00+00', '{hardware}');
