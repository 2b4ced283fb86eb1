CREATE TABLE public.room (
    id integer PRIMARY KEY,
    capacity integer NOT NULL
);

CREATE TABLE public.booking (
    id integer PRIMARY KEY,
    room_id integer NOT NULL REFERENCES public.room (id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    guests integer NOT NULL CONSTRAINT booking_guests_check CHECK (guests > 0),
    status text NOT NULL,
    CONSTRAINT booking_status_check CHECK (status IN ('held', 'confirmed', 'cancelled')),
    CONSTRAINT booking_period_check CHECK (ends_at > starts_at)
);

-- status and capacity values satisfy A's narrower checks, so B -> A succeeds.
INSERT INTO public.room VALUES (1, 2), (2, 4);
INSERT INTO public.booking VALUES (1, 1, '2024-05-01 14:00:00+00', '2024-05-03 10:00:00+00', 2, 'held');
