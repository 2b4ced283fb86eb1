-- pair: check constraints: public.booking gets a new table check (ends_at > starts_at) and a new column check (guests > 0); the expression of booking_status_check changes (a value is added to the IN list); public.room's capacity check is dropped

CREATE TABLE public.room (
    id integer PRIMARY KEY,
    capacity integer NOT NULL CONSTRAINT room_capacity_check CHECK (capacity BETWEEN 1 AND 10)
);

CREATE TABLE public.booking (
    id integer PRIMARY KEY,
    room_id integer NOT NULL REFERENCES public.room (id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    guests integer NOT NULL,
    status text NOT NULL,
    CONSTRAINT booking_status_check CHECK (status IN ('held', 'confirmed'))
);

INSERT INTO public.room VALUES (1, 2), (2, 4);
INSERT INTO public.booking VALUES (1, 1, '2024-05-01 14:00:00+00', '2024-05-03 10:00:00+00', 2, 'confirmed');
