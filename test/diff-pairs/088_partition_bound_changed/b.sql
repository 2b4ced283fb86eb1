CREATE TABLE public.reading (
    id bigint NOT NULL,
    read_on date NOT NULL,
    value numeric
) PARTITION BY RANGE (read_on);

CREATE TABLE public.reading_q1 PARTITION OF public.reading
    FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');

CREATE TABLE public.ticket (
    id bigint NOT NULL,
    priority integer NOT NULL
) PARTITION BY LIST (priority);

CREATE TABLE public.ticket_low PARTITION OF public.ticket FOR VALUES IN (1, 2, 3);
CREATE TABLE public.ticket_high PARTITION OF public.ticket FOR VALUES IN (4, 5);

-- Rows fit A's narrower bounds too, so B -> A (re-attach with the old bounds) succeeds.
INSERT INTO public.reading VALUES (1, '2024-02-01', 1.0);
INSERT INTO public.ticket VALUES (1, 1), (2, 5);
