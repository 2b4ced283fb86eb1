CREATE EXTENSION btree_gist WITH SCHEMA public VERSION '1.7';

CREATE TABLE public.room (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.reservation (
    id integer PRIMARY KEY,
    room_id integer NOT NULL REFERENCES public.room (id),
    during tstzrange NOT NULL,
    cancelled boolean NOT NULL DEFAULT false,
    CONSTRAINT reservation_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled)
);

INSERT INTO public.room VALUES (1, 'Blue'), (2, 'Red');
INSERT INTO public.reservation VALUES
    (1, 1, '[2024-05-01 10:00+00, 2024-05-01 11:00+00)', false),
    (2, 1, '[2024-05-01 11:00+00, 2024-05-01 12:00+00)', false),
    (3, 2, '[2024-05-01 10:00+00, 2024-05-01 12:00+00)', false);
