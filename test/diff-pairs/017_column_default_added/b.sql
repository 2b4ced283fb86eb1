CREATE SEQUENCE public.ticket_number_seq;

CREATE TABLE public.ticket (
    id bigint PRIMARY KEY DEFAULT nextval('public.ticket_number_seq'),
    title text NOT NULL,
    priority integer DEFAULT 3,
    opened_at timestamptz DEFAULT now(),
    tags text[] DEFAULT '{}'::text[]
);

INSERT INTO public.ticket (id, title) VALUES (100, 'Printer on fire');
